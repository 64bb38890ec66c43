/** `harbinger evaluate --save-model FILE`: the trained run as a model bundle (lib/live/bundle.ts). */
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/db';
import type { EvalRun, FeatureFrame } from '../eval/evaluate';
import { sha256Hex } from '../ingest/hash';
import { alertsSchema } from '../spec/alerts';
import { buildBundle, bundleText } from '../live/bundle';
import { warmState } from '../live/scorer';
import { fitFeatureState } from '../live/feature-state';
import type { HashedFile } from '../live/training-data';

async function hashFile(file: string): Promise<HashedFile> {
  const size = (await stat(file)).size;
  return { name: path.basename(file), size, sha256: await sha256Hex(createReadStream(file)) };
}

/** Writes the bundle; returns its notes (what it left out, and why) for the caller to print. */
export async function saveModel(db: Db, run: EvalRun, frame: FeatureFrame, logs: readonly string[], out: string): Promise<string[]> {
  const { windowSec, features } = run.context.config;
  if (frame.fitUntilMs === null) throw new Error('no rows are loaded: there is no model to save');
  const featureState = await fitFeatureState(db, { windowSec, features, fitUntilMs: frame.fitUntilMs });
  const files: HashedFile[] = [];
  for (const f of logs) files.push(await hashFile(f));
  const bundle = buildBundle(
    { run, frame, parse: { format: 'auto', latencyUnit: 'auto', year: null }, alerts: alertsSchema.parse(undefined), featureState, data: { kind: 'files', files } },
    warmState,
  );
  try {
    await writeFile(out, bundleText(bundle));
  } catch (e) {
    throw new Error(`--save-model ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
  return bundle.notes;
}
