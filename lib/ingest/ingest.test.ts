import { describe, expect, it } from 'vitest';
import { chunksFromBlob } from './blob';
import { ingest } from './ingest';
import { chunksOf, ingestBytes } from './testing';
import type { Batch, ParseProgress } from './types';

const enc = (s: string) => new TextEncoder().encode(s);
const access = (i: number, status = '200') =>
  `10.0.0.${i % 250} - - [10/Oct/2023:13:55:${String(i % 60).padStart(2, '0')} +0000] "GET /p/${i} HTTP/1.1" ${status} 5 "-" "ua" 0.001`;
const accessFile = (n: number, bad: (i: number) => boolean = () => false) =>
  enc(Array.from({ length: n }, (_, i) => access(i, bad(i) ? 'xx' : '200')).join('\n') + '\n');

describe('ingest driver', () => {
  it('emits batches of batchSize rows and counts every line', async () => {
    const sizes: number[] = [];
    const r = await ingest(
      { name: 'a.log', size: null, chunks: chunksOf(accessFile(25), 100) },
      { format: 'auto', batchSize: 10, onBatch: (b) => void sizes.push(b.length) },
    );
    expect(sizes).toEqual([10, 10, 5]);
    expect([r.format, r.lines, r.parsed, r.rejected]).toEqual(['combined', 25, 25, 0]);
    expect(r.firstTs).toBe(Date.UTC(2023, 9, 10, 13, 55, 0));
    expect(r.lastTs).toBe(Date.UTC(2023, 9, 10, 13, 55, 24));
  });

  it('keeps rejects up to maxRejects but counts them all', async () => {
    const r = await ingestBytes('a.log', accessFile(40, (i) => i % 2 === 1), { format: 'combined', maxRejects: 3 });
    expect([r.report.parsed, r.report.rejected, r.report.rejects.length]).toEqual([20, 20, 3]);
    expect(r.report.rejects.map((x) => x.line)).toEqual([2, 4, 6]);
    expect(r.report.rejects[0].reason).toBe('status is not a number: "xx"');
  });

  it('truncates reject text', async () => {
    const r = await ingestBytes('a.log', enc(`junk ${'x'.repeat(2000)}\n`), { format: 'combined' });
    expect(r.report.rejects[0].text.length).toBe(500);
  });

  it('waits for onBatch before parsing on (backpressure)', async () => {
    const events: string[] = [];
    await ingest(
      { name: 'a.log', size: null, chunks: chunksOf(accessFile(6), 50) },
      {
        format: 'combined',
        batchSize: 2,
        onBatch: async (b) => {
          events.push(`start ${b.length}`);
          await new Promise((r) => setTimeout(r, 5));
          events.push('end');
        },
      },
    );
    expect(events).toEqual(['start 2', 'end', 'start 2', 'end', 'start 2', 'end']);
  });

  it('stops with an AbortError and closes the source', async () => {
    const controller = new AbortController();
    let closed = false;
    let pulled = 0;
    async function* source() {
      try {
        for (let i = 0; i < 1000; i++) {
          pulled++;
          yield enc(`${access(i)}\n`);
        }
      } finally {
        closed = true;
      }
    }
    const run = ingest(
      { name: 'a.log', size: null, chunks: source() },
      { format: 'combined', batchSize: 5, signal: controller.signal, onBatch: () => controller.abort() },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(closed).toBe(true);
    expect(pulled).toBeLessThan(30);
  });

  it('rejects at once when already aborted', async () => {
    const signal = AbortSignal.abort();
    await expect(ingest({ name: 'a', size: 0, chunks: chunksOf(enc('x'), 1) }, { format: 'auto', signal, onBatch: () => {} })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('reports progress no more often than asked, and always at the end', async () => {
    const seen: ParseProgress[] = [];
    const bytes = accessFile(50);
    await ingest(
      { name: 'a.log', size: bytes.length, chunks: chunksOf(bytes, 64) },
      { format: 'combined', progressEveryMs: 60_000, onBatch: () => {}, onProgress: (p) => void seen.push(p) },
    );
    expect(seen.length).toBe(1);
    expect(seen[0]).toMatchObject({ source: 'a.log', bytesRead: bytes.length, bytesTotal: bytes.length, lines: 50, parsed: 50, rejected: 0 });
    const every: ParseProgress[] = [];
    await ingest(
      { name: 'a.log', size: bytes.length, chunks: chunksOf(bytes, 64) },
      { format: 'combined', progressEveryMs: 0, onBatch: () => {}, onProgress: (p) => void every.push(p) },
    );
    expect(every.length).toBeGreaterThan(10);
    expect(every.map((p) => p.bytesRead)).toEqual([...every.map((p) => p.bytesRead)].sort((a, b) => a - b));
  });

  it('uses a chosen format without detection, and reports an empty file', async () => {
    const r = await ingestBytes('e.log', enc(''), { format: 'auth' });
    expect(r.report).toMatchObject({ format: 'auth', formatReason: 'chosen by hand', lines: 0, parsed: 0, firstTs: null, lastTs: null });
    await expect(ingestBytes('e.log', enc('\n\n'), { format: 'auto' })).rejects.toThrow(/no non-blank lines/);
  });

  it('asks for a year when syslog lines have none and the file has no time', async () => {
    const bytes = enc('Mar  7 01:02:03 h sshd[1]: Invalid user a from 1.2.3.4\n');
    await expect(ingestBytes('auth.log', bytes, { format: 'auto' })).rejects.toThrow(/auth\.log: syslog timestamps carry no year .* set the year option/);
    const r = await ingestBytes('auth.log', bytes, { format: 'auto' }, 1024, Date.UTC(2021, 1, 1));
    expect(r.rows[0].ts_iso).toBe('2020-03-07T01:02:03.000Z');
    const y = await ingestBytes('auth.log', bytes, { format: 'auto', year: 2019 }, 1024, Date.UTC(2021, 1, 1));
    expect(y.rows[0].ts_iso).toBe('2019-03-07T01:02:03.000Z');
  });

  it('validates its options', async () => {
    const base = { name: 'a', size: 0, chunks: chunksOf(enc('x'), 1) };
    await expect(ingest(base, { format: 'auto', batchSize: 0, onBatch: () => {} })).rejects.toThrow('invalid batch size: 0');
    await expect(ingest(base, { format: 'nginx' as 'auto', onBatch: () => {} })).rejects.toThrow('invalid format: nginx');
  });

  it('parses lines seen during detection exactly once', async () => {
    const batches: Batch[] = [];
    const r = await ingest(
      { name: 'a.log', size: null, chunks: chunksOf(accessFile(45), 7) },
      { format: 'auto', onBatch: (b) => void batches.push(b) },
    );
    expect(r.parsed).toBe(45);
    const b = batches[0];
    expect(b.table === 'requests' && b.path.slice(0, 3)).toEqual(['/p/0', '/p/1', '/p/2']);
    expect(b.length).toBe(45);
  });

  it('reads a Blob the way the browser hands over a File', async () => {
    const bytes = accessFile(300);
    const blob = new Blob([bytes]);
    const r = await ingest({ name: 'a.log', size: blob.size, chunks: chunksFromBlob(blob, 1000) }, { format: 'auto', onBatch: () => {} });
    expect([r.lines, r.parsed]).toEqual([300, 300]);
  });
});

describe('damaged but usable lines', () => {
  it('keeps a request whose user agent was cut short and reports the line as a warning', async () => {
    const text = [access(1), '10.0.0.9 - - [10/Oct/2023:13:56:00 +0000] "GET /cut HTTP/1.1" 200 512 "-" "Mozilla/5.0 (trunc', access(2)].join('\n');
    const r = await ingestBytes('cut.log', enc(text), { format: 'combined' });
    // lines = parsed + warned + rejected + skipped: a warned line is not also counted as parsed
    expect([r.report.lines, r.report.parsed, r.report.rejected, r.report.warned, r.report.skipped]).toEqual([3, 2, 0, 1, 0]);
    expect(r.report.warnings).toEqual([
      { source: 'cut.log', line: 2, reason: 'user agent has no closing quote (line cut short?); the request was kept', text: expect.stringContaining('GET /cut') },
    ]);
    const cut = r.rows.find((row) => row.path === '/cut');
    expect(cut).toMatchObject({ status: 200, bytes: 512, user_agent: 'Mozilla/5.0 (trunc', latency_ms: null });
  });

  it('still rejects a line cut inside the request', async () => {
    const r = await ingestBytes('cut.log', enc('10.0.0.9 - - [10/Oct/2023:13:56:00 +0000] "GET /cu'), { format: 'combined' });
    expect([r.report.parsed, r.report.rejected, r.report.warned]).toEqual([0, 1, 0]);
    expect(r.report.rejects[0].reason).toBe('missing closing quote in request');
  });
});
