/**
 * The run cache in IndexedDB (the pure rules are lib/notebook/run-cache.ts). Fails soft: no
 * IndexedDB (a private window may refuse it), a quota error, a blocked upgrade or a damaged entry
 * reads as a miss or a write not made, never as an error the user sees; the run is recomputed.
 */
import { entryOf, lruOf, runOfEntry, touchLru, type CachedRun } from '@/lib/notebook/run-cache';

const DB_NAME = 'harbinger-runs';
const RUNS = 'runs';
const META = 'meta';
const LRU = 'lru';

/** The build the cached runs belong to: a hash of the app's sources (next.config.mjs); 'dev' outside a build. */
export const BUILD_ID = process.env.HARBINGER_BUILD_ID || 'dev';

export interface RunCache {
  /** the run stored under `key`, or null (a miss, or anything that went wrong) */
  get(key: string): Promise<CachedRun | null>;
  /** stores the run under `key` and evicts beyond the bound; false when it could not be stored */
  put(key: string, run: CachedRun): Promise<boolean>;
  /**
   * put() once the page's thread is next idle (within 3 s): copying a run of a few MB takes that
   * thread for ≈ 0.15 s, so it waits until a finished run's results have rendered
   */
  putWhenIdle(key: string, run: CachedRun): Promise<boolean>;
}

/** Runs `f` when the page's thread is next idle (within 3 s); a timeout where idle callbacks do not exist. */
function whenIdle(f: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(f, { timeout: 3000 });
  else setTimeout(f, 0);
}

const done = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });

const finished = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB_NAME, 1);
    r.onupgradeneeded = () => {
      r.result.createObjectStore(RUNS);
      r.result.createObjectStore(META);
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB open failed'));
    r.onblocked = () => reject(new Error('IndexedDB open blocked'));
  });
}

/** The store's id for a key: its SHA-256 (the key itself, kept in the entry, can be kilobytes of scenario). */
async function idOf(key: string): Promise<string> {
  const h = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
  return Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function bump(db: IDBDatabase, id: string): Promise<string[]> {
  const tx = db.transaction([RUNS, META], 'readwrite');
  const meta = tx.objectStore(META);
  const runs = tx.objectStore(RUNS);
  const [order, stored] = await Promise.all([done(meta.get(LRU)), done(runs.getAllKeys())]);
  const next = touchLru(lruOf(order), id, stored.map(String));
  meta.put(next.order, LRU);
  for (const k of next.evicted) runs.delete(k);
  await finished(tx);
  return next.evicted;
}

export function openRunCache(): RunCache {
  let db: Promise<IDBDatabase> | null = null;
  const database = () => (db ??= typeof indexedDB === 'undefined' ? Promise.reject(new Error('no IndexedDB')) : open());
  const cache: RunCache = {
    async get(key) {
      try {
        const d = await database();
        const id = await idOf(key);
        const value: unknown = await done(d.transaction(RUNS, 'readonly').objectStore(RUNS).get(id));
        const run = runOfEntry(value, key);
        // a hit is a use: it moves to the back of the eviction order (not awaited: the page shows it now)
        if (run) void bump(d, id).catch(() => undefined);
        return run;
      } catch {
        return null;
      }
    },
    async put(key, run) {
      try {
        const d = await database();
        const id = await idOf(key);
        const tx = d.transaction(RUNS, 'readwrite');
        tx.objectStore(RUNS).put(entryOf(key, run), id);
        await finished(tx);
        await bump(d, id);
        return true;
      } catch {
        return false;
      }
    },
    putWhenIdle: (key, run) => new Promise((resolve) => whenIdle(() => void cache.put(key, run).then(resolve))),
  };
  return cache;
}
