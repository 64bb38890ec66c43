/**
 * The tab's helper workers as the engine worker sees them: the parse workers (workers/parse.worker.ts)
 * as a SlicePool, the hash worker as a StreamHasher. The page
 * starts them (a bundler follows `new Worker(new URL(…))` in page code, not inside a worker) and
 * hands the engine one MessagePort to each; they outlive a load, so closing the pool stops nothing.
 * A parse worker that crashes is reported by the page as an engine failure (app/clients/engine.ts),
 * which restarts the engine and ends the load, rather than leaving a slice waited for forever.
 */
import * as Comlink from 'comlink';
import type { HashApi, StreamHasher } from '../ingest/hash';
import type { ParseApi } from './slice-parse';
import type { SlicePool } from './tab-parallel';

/** Wraps the ports once (each wrap adds a listener to its port). */
export function parseRemotes(ports: readonly MessagePort[]): Comlink.Remote<ParseApi>[] {
  return ports.map((p) => Comlink.wrap<ParseApi>(p));
}

/** Each worker parses one slice at a time; later slices wait for the first idle one. */
export function slicePool(remotes: readonly Comlink.Remote<ParseApi>[]): SlicePool {
  if (remotes.length === 0) throw new Error('no parse workers');
  const idle = [...remotes];
  const waiting: ((r: Comlink.Remote<ParseApi>) => void)[] = [];
  const acquire = () => new Promise<Comlink.Remote<ParseApi>>((resolve) => (idle.length > 0 ? resolve(idle.pop()!) : waiting.push(resolve)));
  const release = (r: Comlink.Remote<ParseApi>) => {
    const w = waiting.shift();
    if (w) w(r);
    else idle.push(r);
  };
  return {
    size: remotes.length,
    parse: async (job) => {
      const remote = await acquire();
      try {
        // the slice's bytes move to the worker (transferred, not copied)
        return await remote.parse(Comlink.transfer(job, [job.bytes.buffer as ArrayBuffer]));
      } finally {
        release(remote);
      }
    },
    close: () => undefined,
  };
}

/**
 * A file's SHA-256 computed by the tab's hash worker (workers/hash.worker.ts). Each chunk is copied
 * to it as it passes (structured clone, not transferred: the chunk is parsed too); calls on one port
 * arrive in order, so the digest covers every chunk sent before it.
 */
export function remoteHasher(remote: Comlink.Remote<HashApi>): StreamHasher {
  void remote.open();
  return {
    update: (c) => void remote.update(c),
    digest: () => remote.digest(),
  };
}
