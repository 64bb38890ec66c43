import { describe, expect, it } from 'vitest';
import { openWasmNode } from '../db/wasm-node';
import { createSchema } from '../db/schema';
import type { WasmDb } from '../db/wasm';
import { chunksOf, sliceFixture } from '../ingest/testing';
import { lineSlices } from '../ingest/slices';
import { loadSources, type LoadOptions } from './load';
import { parseSlice, type SliceJob } from './slice-parse';
import { tabParallelIngest, type SlicePool } from './tab-parallel';

const encode = (s: string) => new TextEncoder().encode(s);

/**
 * Slices parsed in this thread by the parse workers' own code, finishing out of order (a seeded
 * delay each), so the engine's in-order merge is what puts them back in file order.
 */
function inThread(size: number, log: number[] = []): SlicePool {
  let seed = 3;
  return {
    size,
    parse: async (job: SliceJob) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      await new Promise((r) => setTimeout(r, seed % 7));
      log.push(job.index);
      // a copy, as the worker gets (the engine transfers the buffer away)
      return parseSlice({ ...job, bytes: job.bytes.slice() });
    },
    close: () => undefined,
  };
}

async function load(bytes: Uint8Array, options: Partial<LoadOptions>, parallel?: { sliceBytes: number; workers: number; log?: number[] }) {
  const db: WasmDb = await openWasmNode();
  try {
    await createSchema(db);
    const ingestFile = parallel
      ? tabParallelIngest({ pool: () => inThread(parallel.workers, parallel.log), insertIPC: (t, ipc) => db.insertIPC(t, ipc), sliceBytes: parallel.sliceBytes })
      : undefined;
    const reports = await loadSources(db, [{ name: 'access.log', size: bytes.length, chunks: chunksOf(bytes, 3000) }], {
      format: 'auto', latencyUnit: 'auto', maxRejects: 50, limits: { maxLineChars: 2000 }, hash: true, ingestFile, ...options,
    });
    return {
      reports: reports.map((r) => ({ ...r, elapsedMs: 0 })),
      rows: await db.query('SELECT * FROM requests ORDER BY ALL'),
      rejects: await db.query('SELECT * FROM parse_rejects ORDER BY line'),
      warnings: await db.query('SELECT * FROM parse_warnings ORDER BY line'),
    };
  } finally {
    await db.close();
  }
}

describe("the tab's parallel parse: slices in parse workers, Arrow IPC into duckdb-wasm", () => {
  const bytes = encode(sliceFixture(4000));

  it('gives the single-worker report (hash included), rows, rejects and warnings exactly, for any slice size and worker count', async () => {
    const one = await load(bytes, {});
    const r = one.reports[0]!;
    expect(r.rejected).toBeGreaterThan(50); // more than maxRejects: the kept list is cut the same way
    expect(r.warned).toBeGreaterThan(0);
    expect(r.skipped).toBe(0);
    expect(r.parsed + r.warned + r.rejected + r.skipped).toBe(r.lines);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const [workers, sliceBytes] of [[2, 4096], [3, 9_000], [4, 50_000]] as const) {
      const log: number[] = [];
      const many = await load(bytes, {}, { workers, sliceBytes, log });
      expect(log.length).toBeGreaterThan(3); // really cut into slices
      expect(log).not.toEqual([...log].sort((a, b) => a - b)); // and they finished out of order
      expect(many.reports).toEqual(one.reports);
      expect(many.rows).toEqual(one.rows);
      expect(many.rejects).toEqual(one.rejects);
      expect(many.warnings).toEqual(one.warnings);
    }
  }, 60_000);

  it('counts blank lines in an access log as rejects at their exact line, wherever the cut falls', async () => {
    // every slice of 1 KiB starts or ends next to a blank line or a bad one
    const lines = sliceFixture(600).split('\n');
    for (let k = 5; k < lines.length; k += 5) lines[k] = k % 10 === 0 ? '' : 'garbage';
    const text = lines.join('\n');
    const one = await load(encode(text), { maxRejects: 10_000 });
    const many = await load(encode(text), { maxRejects: 10_000 }, { workers: 2, sliceBytes: 1024 });
    expect(many).toEqual(one);
    // the line numbers a reader splitting on LF, CRLF and lone CR gives them
    const want = text.split(/\r\n|\r|\n/).flatMap((l, i) => (l === '' || l === 'garbage' ? [i + 1] : []));
    const got = new Set(many.reports[0]!.rejects.map((x) => x.line));
    expect(want.length).toBeGreaterThan(100);
    expect(want.filter((n) => !got.has(n))).toEqual([]);
  }, 30_000);

  it('stops at the row cap with the sequential message', async () => {
    const one = await load(bytes, { maxRows: 1000 }).catch((e: Error) => e.message);
    const many = await load(bytes, { maxRows: 1000 }, { workers: 2, sliceBytes: 4096 }).catch((e: Error) => e.message);
    expect(one).toContain('more than 1,000 rows');
    expect(many).toBe(one);
  });

  it('leaves a file of another format, or too small to cut, to the sequential driver', async () => {
    const auth = encode('Mar  1 10:00:00 host sshd[1]: Failed password for root from 10.0.0.1 port 22 ssh2\n'.repeat(2000));
    const log: number[] = [];
    const par = await load(auth, { year: 2026 }, { workers: 2, sliceBytes: 4096, log });
    expect(par).toEqual(await load(auth, { year: 2026 }));
    expect(par.reports[0]!.format).toBe('auth');
    const small: number[] = [];
    await load(bytes, {}, { workers: 2, sliceBytes: bytes.length, log: small });
    expect([log, small]).toEqual([[], []]);
  });

  it('cuts only after a line feed and loses no byte', async () => {
    const all: Uint8Array[] = [];
    for await (const s of lineSlices(chunksOf(bytes, 777), 5000)) all.push(s.slice());
    expect(all.length).toBeGreaterThan(10);
    for (const s of all.slice(0, -1)) expect(s[s.length - 1]).toBe(10);
    expect(Buffer.concat(all).equals(Buffer.from(bytes))).toBe(true);
  });
});
