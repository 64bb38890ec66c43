/**
 * Throughput of ingest() on synthetic nginx combined lines with a request time (≈ 183 bytes
 * each), by hand: `npx vitest bench lib/ingest --run`. lines/s = hz × LINES. Not part of
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
