/**
 * Throughput of ingest() on synthetic nginx combined lines with a request time (≈ 183 bytes
 * each), and the cost of one over-long line, by hand: `npx vitest bench lib/ingest --run`. lines/s = hz × LINES. Not part of
 * `vitest run`. Vitest's module transform makes cross-module calls slower: the same code bundled
 * or run under tsx is ≈ 1.7× faster, so compare runs with each other, not with the CLI.
 */
import { bench, describe } from 'vitest';
import { RequestBuilder } from './batch';
import { createAccessParser } from './access';
import { ingest } from './ingest';
import { readLines } from './lines';
import { chunksOf } from './testing';

const LINES = 200_000;

function synthetic(n: number): Uint8Array {
  let seed = 12345;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const paths = ['/', '/index.html', '/api/users/', '/api/orders/', '/static/app.js', '/img/logo.png', '/search?q=', '/blog/2015/05/post'];
  const uas = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', 'curl/8.5.0'];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = paths[(rnd() * paths.length) | 0];
    const path = p.endsWith('/') || p.endsWith('=') ? p + ((rnd() * 100_000) | 0) : p;
    const s = (i / 20) | 0;
    const t = [(s / 3600) % 24 | 0, (s / 60) % 60 | 0, s % 60].map((v) => String(v).padStart(2, '0')).join(':');
    out.push(
      `10.${(rnd() * 255) | 0}.${(rnd() * 255) | 0}.${(rnd() * 255) | 0} - - [17/May/2015:${t} +0000] "GET ${path} HTTP/1.1" ` +
        `${rnd() < 0.95 ? 200 : 503} ${(rnd() * 50_000) | 0} "http://example.com/ref" "${uas[(rnd() * 2) | 0]}" ${(rnd() * 2).toFixed(3)}`,
    );
  }
  return new TextEncoder().encode(out.join('\n') + '\n');
}

const bytes = synthetic(LINES);
const lines = new TextDecoder().decode(bytes).split('\n').slice(0, LINES);

describe(`${LINES} combined lines`, () => {
  bench('ingest() end to end (64 KiB chunks)', async () => {
    await ingest({ name: 'bench', size: bytes.length, chunks: chunksOf(bytes, 64 * 1024) }, { format: 'auto', onBatch: () => {} });
  });

  bench('access parser only', () => {
    const sink = new RequestBuilder('bench', 10_000);
    const p = createAccessParser('combined', sink);
    for (const l of lines) {
      p.parse(l);
      if (sink.ready.length > 0) sink.ready.length = 0;
    }
  });

  bench('line splitting only', async () => {
    for await (const b of readLines(chunksOf(bytes, 64 * 1024))) void b;
  });
});

// Before the line cap, the reader re-scanned the growing line on every 256 KiB slice: 64 MiB took 6.9 s.
const LONG = 64 * 2 ** 20;
const record = bytes.slice(0, bytes.indexOf(10) + 1);
const longFile = new Uint8Array(record.length * 2 + LONG + 1);
longFile.set(record);
longFile.fill(0x61, record.length, record.length + LONG);
longFile[record.length + LONG] = 10;
longFile.set(record, record.length + LONG + 1);

describe('a 64 MiB line between two records', () => {
  bench('ingest() rejects it and reads on (4 MiB chunks)', async () => {
    const r = await ingest({ name: 'long', size: longFile.length, chunks: chunksOf(longFile, 4 * 2 ** 20) }, { format: 'combined', onBatch: () => {} });
    if (r.rejected !== 1 || r.parsed !== 2) throw new Error(`unexpected report: ${r.parsed} parsed, ${r.rejected} rejected`);
  });
});
