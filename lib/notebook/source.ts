/**
 * Which load the engine should do next to hold the spec's source: a pure step from what the engine
 * holds and what was last started, so the page's binding (app/hooks/useSource.ts) only carries it
 * out. Loads are atomic and a newer one wins in the engine, so starting one over a running one is
 * safe; what this decides is *whether* to start, so that nothing loads twice and nothing stale wins.
 */
import type { SpecSource } from '@/lib/spec/schema';
import { assertNever } from '@/lib/util/assert-never';

/** A source by identity: equal keys are the same data. */
export type SourceKey = string;

/** A load into one engine worker (`generation`, 1 for the first; a restarted worker starts empty). */
export interface SourceLoad {
  key: SourceKey;
  generation: number;
}

/** What the binding remembers between steps; changed only through the functions below. */
export interface SourceLoads {
  /** the latest load that succeeded (a failed one changed nothing in the engine) */
  held: SourceLoad | null;
  /**
   * the latest load started, whatever became of it; for files the user picked, `over` is the key of
   * the spec's source when they were picked, so the spec catching up later is not taken for a change
   */
  last: (SourceLoad & { over: SourceKey | null }) | null;
  /** the key of the uploaded files this tab holds File handles of (read again into a restarted engine) */
  tabFiles: SourceKey | null;
}

export const NO_LOADS: SourceLoads = { held: null, last: null, tabFiles: null };

export type SourceStep =
  | { kind: 'none' }
  | { kind: 'simulate'; key: SourceKey }
  | { kind: 'sample'; key: SourceKey }
  /** read the files the user just picked (they win over anything running) */
  | { kind: 'upload' }
  /** read the files this tab holds again, into a restarted engine */
  | { kind: 'reload-upload'; key: SourceKey }
  /** the link names uploaded files this tab does not hold: the user has to give them */
  | { kind: 'ask-files' }
  /** the source is a NAB series, loaded by its own binding: what was held here is gone from the engine */
  | { kind: 'forget' };

/** The identity of a source; an upload by its files' content, so another upload is another source. */
export function sourceKey(src: SpecSource): SourceKey {
  switch (src.kind) {
    case 'simulator':
      return `sim:${JSON.stringify(src.scenario)}`;
    case 'sample':
      return `sample:${src.id}`;
    case 'upload':
      return uploadKey(src.files.map((f) => f.sha256));
    case 'nab':
      return `nab:${JSON.stringify(src)}`;
    case 'windows':
      return `windows:${src.file.sha256}`;
    default:
      return assertNever(src);
  }
}

/** The key of uploaded files by their SHA-256 (in order: the same files in another order parse the same, but the link names them in order). */
export const uploadKey = (sha256s: readonly string[]): SourceKey => `upload:${sha256s.join(',')}`;

export interface SourceInput {
  source: SpecSource;
  /** the engine worker that is ready (0: none yet) */
  generation: number;
  /** the user picked files that are not read yet */
  picked: boolean;
}

/**
 * The spec names uploaded files the engine does not hold and this tab cannot read again (a link
 * opened elsewhere, or files the user has since replaced): the user has to give them.
 */
export function awaitingFiles({ held, tabFiles }: SourceLoads, source: Extract<SpecSource, { kind: 'upload' }>, generation: number): boolean {
  const key = sourceKey(source);
  // the files read before a restart are still in this tab: they are read again without asking
  return held?.key !== key || (held.generation !== generation && tabFiles !== key);
}

/** The next load to do, or none. */
export function sourceStep(loads: SourceLoads, { source, generation, picked }: SourceInput): SourceStep {
  // a NAB series and a window table are loaded by their own bindings (useNabSource, useWindowsSource)
  if (source.kind === 'nab' || source.kind === 'windows') return loads.held || loads.last ? { kind: 'forget' } : { kind: 'none' };
  if (generation === 0) return { kind: 'none' };
  if (picked) return { kind: 'upload' };
  const key = sourceKey(source);
  const { held, last } = loads;
  const now = (l: SourceLoad | null) => l !== null && l.key === key && l.generation === generation;
  if (source.kind === 'upload') {
    if (awaitingFiles(loads, source, generation)) return { kind: 'ask-files' };
    return now(held) || now(last) ? { kind: 'none' } : { kind: 'reload-upload', key };
  }
  // started (running, held, or failed: a failed or cancelled load is not tried again by itself)
  if (now(last)) return { kind: 'none' };
  // picked files are being read over this very spec: the spec names them once they are in
  if (last !== null && last.generation === generation && last.over === key) return { kind: 'none' };
  return source.kind === 'simulator' ? { kind: 'simulate', key } : { kind: 'sample', key };
}

/** A load was started (`over`: the spec's source key when the user picked files, else null). */
export const started = (loads: SourceLoads, load: SourceLoad, over: SourceKey | null = null): SourceLoads => ({ ...loads, last: { ...load, over } });

/**
 * A load succeeded (a superseded one reports failure, so this was the latest): the engine holds
 * `load`; `tabFiles` when it read files this tab holds.
 */
export const succeeded = (loads: SourceLoads, load: SourceLoad, tabFiles = false): SourceLoads => ({
  held: load,
  last: { ...load, over: null },
  tabFiles: tabFiles ? load.key : loads.tabFiles,
});

/**
 * Picked files were refused or could not be read (`picked`: the load `started` with them): unless
 * something newer started meanwhile, back to what the engine holds, so the spec's own source is
 * loaded again if the files had superseded it.
 */
export const pickedFailed = (loads: SourceLoads, picked: SourceLoad): SourceLoads =>
  loads.last?.key === picked.key && loads.last.generation === picked.generation ? { ...loads, last: loads.held && { ...loads.held, over: null } } : loads;

/** The engine no longer holds what these loads put there (another binding loaded a NAB series). */
export const forgotten = (loads: SourceLoads): SourceLoads => ({ ...loads, held: null, last: null });
