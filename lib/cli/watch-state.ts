/**
 * `harbinger watch --state FILE`: the featurer's and the scorer's snapshots plus each file's read
 * position, written atomically (a temp file renamed over the old one, so a crash mid-write leaves
 * the previous state whole) and read back on start.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Json } from '../util/json';
import type { FollowPosition } from './follow';

export interface WatchState {
  version: 1;
  /** the model file's windowing and features, so a state is not resumed under another model */
  model: { windowSec: number; features: string[] };
  featurer: Json;
  scorer: Json;
  files: FollowPosition[];
  /** latest record time read, epoch ms (the data clock) */
  maxTs: number | null;
  /** windows closed but not yet scored when the state was written (a stop mid-backlog): scored first on resume */
  pending?: { start: number; values: number[] }[];
}

export function writeState(file: string, s: WatchState): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(s));
  renameSync(tmp, file);
}

/** The saved state, null when the file does not exist; throws naming the file when it is damaged or for another model. */
export function readState(file: string, model: WatchState['model']): WatchState | null {
  if (!existsSync(file)) return null;
  let s: WatchState;
  try {
    s = JSON.parse(readFileSync(file, 'utf8')) as WatchState;
  } catch (e) {
    throw new Error(`${file}: damaged state file (${e instanceof Error ? e.message : String(e)}); remove it to start afresh`, { cause: e });
  }
  if (s?.version !== 1 || !Array.isArray(s.files)) throw new Error(`${file}: not a harbinger watch state file (version ${JSON.stringify(s?.version)})`);
  if (s.model?.windowSec !== model.windowSec || JSON.stringify(s.model.features) !== JSON.stringify(model.features)) {
    throw new Error(`${file}: saved for another model (window or features differ); remove it or pass another --state file`);
  }
  return s;
}
