/**
 * The spec as an external store over the location hash, shaped for React's useSyncExternalStore.
 * The hash is the state: a snapshot is the decoded hash, cached by the hash string, so there is
 * no second copy to fall out of step. The window-facing side comes in through `HashHistory`
 * (app/hooks/ supplies the browser one) so this file stays free of DOM globals and testable.
 */
import { defaultSpec } from './defaults';
import { formatIssues } from './errors';
import type { SpecError } from './errors';
import { specSchema } from './schema';
import type { ExperimentSpec } from './schema';
import { HASH_PARAM, decodeSpec, encodeSpec } from './url';
import { shareEqual } from './share';

export interface HashHistory {
  /** the current location hash with its '#', or '' */
  read(): string;
  /** sets the hash in a new history entry (`push`) or in the current one (`replace`) */
  write(hash: string, mode: 'push' | 'replace'): void;
  /** calls `onNavigate` when the hash changes under us (back/forward, an edited address bar) */
  listen(onNavigate: () => void): () => void;
}

export interface SpecSnapshot {
  /** deep-frozen: derive, never mutate */
  readonly spec: ExperimentSpec;
  /** why the link could not be read (the spec is then the default); null once dismissed */
  readonly error: SpecError | null;
  /** non-fatal notes about the link, e.g. it was upgraded from an older version */
  readonly warnings: readonly string[];
}

export type SpecUpdate = ExperimentSpec | ((prev: ExperimentSpec) => ExperimentSpec);

export interface SetSpecOptions {
  /**
   * Overwrite the current history entry instead of adding one: for high-frequency changes such as
   * a brush drag (push the first change of the gesture, replace the rest). Default false.
   */
  replace?: boolean;
}

export interface SpecStore {
  getSnapshot(): SpecSnapshot;
  subscribe(listener: () => void): () => void;
  /** Validates and writes `next`; a refused change leaves the spec as it was and returns why. */
  setSpec(next: SpecUpdate, options?: SetSpecOptions): SpecError | null;
  /** Hides the current link error and warnings (they return if the user navigates back to it). */
  dismissError(): void;
}

/**
 * Browsers rate-limit history writes (Safari throws past 100 in 30 s, Chrome and Firefox drop
 * them), so `replace` writes are coalesced to at most one per interval. The held-back hash is
 * what the store reads in the meantime, so the UI never lags.
 */
export const REPLACE_INTERVAL_MS = 250;

interface CacheEntry {
  hash: string;
  dismissed: boolean;
  snapshot: SpecSnapshot;
  /** token of `snapshot.spec`, computed on first need */
  token?: string;
}

export function createSpecStore(history: HashHistory): SpecStore {
  const listeners = new Set<() => void>();
  let unlisten: (() => void) | null = null;
  let cache: CacheEntry | null = null;
  let dismissedHash: string | null = null;
  let pending: string | null = null;
  let cooling: ReturnType<typeof setTimeout> | null = null;

  // the address bar's hash when the held-back one was set: if it changed since (a navigation the
  // store was not told about), the address bar wins
  let pendingOver: string | null = null;
  const currentHash = (): string => {
    const shown = history.read();
    return pending !== null && shown === pendingOver ? pending : shown;
  };
  const emit = (): void => listeners.forEach((l) => l());

  function entry(): CacheEntry {
    const hash = currentHash();
    const dismissed = dismissedHash === hash;
    if (cache !== null && cache.hash === hash && cache.dismissed === dismissed) return cache;
    const decoded = decodeSpec(hash);
    const snapshot: SpecSnapshot = decoded.ok
      ? { spec: deepFreeze(shareEqual(cache?.snapshot.spec, decoded.spec)), error: null, warnings: dismissed ? [] : decoded.warnings }
      : {
          spec: deepFreeze(defaultSpec()),
          // No spec in the hash is the normal first visit, not something to report.
          error: dismissed || decoded.error.kind === 'empty' ? null : decoded.error,
          warnings: [],
        };
    cache = { hash, dismissed, snapshot: Object.freeze(snapshot) };
    return cache;
  }

  /** Writes the held-back replace, then holds further ones back for an interval. */
  function settle(): void {
    cooling = null;
    if (pending === null) return;
    const hash = pending;
    pending = null;
    if (history.read() !== pendingOver) return;
    history.write(hash, 'replace');
    cool();
  }

  function cool(): void {
    if (cooling !== null) clearTimeout(cooling);
    cooling = setTimeout(settle, REPLACE_INTERVAL_MS);
  }

  function write(hash: string, mode: 'push' | 'replace'): void {
    if (mode === 'replace') {
      // Never in the task of the input that caused it: a slider's frame should not wait for the
      // address bar (replaceState measured ≈ 14 ms a call in Chromium under Next's router).
      if (pending === null) pendingOver = history.read();
      pending = hash;
      cooling ??= setTimeout(settle, 0);
      return;
    }
    // A held-back replace belongs to the entry being left: settle it before pushing.
    if (pending !== null) history.write(pending, 'replace');
    pending = null;
    history.write(hash, mode);
    cool();
  }

  function onNavigate(): void {
    // The held-back hash was for the entry the user just left.
    pending = null;
    emit();
  }

  return {
    getSnapshot: () => entry().snapshot,

    subscribe(listener) {
      listeners.add(listener);
      if (unlisten === null) unlisten = history.listen(onNavigate);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && unlisten !== null) {
          unlisten();
          unlisten = null;
        }
      };
    },

    setSpec(next, options) {
      const shown = entry();
      const candidate = typeof next === 'function' ? next(shown.snapshot.spec) : next;
      const parsed = specSchema.safeParse(candidate, { reportInput: true });
      if (!parsed.success) {
        return { kind: 'invalid', message: `Change refused: ${formatIssues(parsed.error.issues)}.` };
      }
      const token = encodeSpec(parsed.data);
      shown.token ??= encodeSpec(shown.snapshot.spec);
      if (token === shown.token) return null;
      const hash = `#${HASH_PARAM}=${token}`;
      write(hash, options?.replace === true ? 'replace' : 'push');
      // Seed the cache so the next read does not decode what was just encoded.
      const snapshot = Object.freeze({ spec: deepFreeze(shareEqual(shown.snapshot.spec, parsed.data)), error: null, warnings: [] });
      cache = { hash, dismissed: dismissedHash === hash, snapshot, token };
      emit();
      return null;
    },

    dismissError() {
      const hash = currentHash();
      if (dismissedHash === hash) return;
      dismissedHash = hash;
      emit();
    },
  };
}

/** The deep-frozen default spec, no error: what a page without a link shows (and the server renders). */
export function defaultSnapshot(): SpecSnapshot {
  return Object.freeze({ spec: deepFreeze(defaultSpec()), error: null, warnings: [] });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
