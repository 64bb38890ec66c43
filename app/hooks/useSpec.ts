/**
 * The experiment spec for client components, read from and written to the URL hash.
 * Import from client components only: it reads `window` once mounted (never during server render).
 */
import { useSyncExternalStore } from 'react';
import type { SpecError } from '@/lib/spec/errors';
import type { ExperimentSpec } from '@/lib/spec/schema';
import { createSpecStore, defaultSnapshot } from '@/lib/spec/store';
import type { SetSpecOptions, SpecSnapshot, SpecStore, SpecUpdate } from '@/lib/spec/store';
import { browserHashHistory } from './browserHashHistory';

// One store per page: every caller of useSpec shares the same hash.
let store: SpecStore | null = null;
const getStore = (): SpecStore => (store ??= createSpecStore(browserHashHistory()));

const subscribe = (listener: () => void): (() => void) => getStore().subscribe(listener);
const getSnapshot = (): SpecSnapshot => getStore().getSnapshot();

// The server has no hash: it renders the defaults, and hydration then switches to the link's spec.
let serverSnapshot: SpecSnapshot | null = null;
const getServerSnapshot = (): SpecSnapshot => (serverSnapshot ??= defaultSnapshot());

/** Stable across renders, safe in effect and callback dependency lists. */
const setSpec = (next: SpecUpdate, options?: SetSpecOptions): SpecError | null =>
  getStore().setSpec(next, options);
const dismissError = (): void => getStore().dismissError();

export interface UseSpec {
  spec: ExperimentSpec;
  /** push a new history entry; `{ replace: true }` for drags. Returns why a change was refused. */
  setSpec: typeof setSpec;
  /** why the link in the address bar could not be used (the spec is then the default) */
  error: SpecError | null;
  /** what changed while reading an older link (e.g. options a migration dropped); shown beside `error` */
  warnings: readonly string[];
  /** hides the link's error and warnings */
  dismissError: () => void;
}

export function useSpec(): UseSpec {
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
  return { spec: snapshot.spec, error: snapshot.error, warnings: snapshot.warnings, setSpec, dismissError };
}
