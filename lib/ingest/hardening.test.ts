/**
 * Regression tests for the ingest findings of issue 10 ("no line is lost silently", caps). Each
 * one failed on the code before the fix; the hostile corpus (test/hostile.test.ts) and the
 * property test (accounting.property.test.ts) cover the same ground more broadly.
 */
import { gzipSync as zlibGzip } from 'node:zlib';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { batchToRecordBatch } from '../db/arrow-batch';
import { ingest, type IngestOptions } from './ingest';
import { chunksOf, ingestBytes } from './testing';
import type { Batch } from './types';

const enc = (s: string) => new TextEncoder().encode(s);
const access = (i: number, tail = ' 0.001') =>
  `10.0.0.${i % 250} - - [10/Oct/2023:13:55:${String(i % 60).padStart(2, '0')} +0000] "GET /p/${i} HTTP/1.1" 200 5 "-" "ua"${tail}`;

/** Ingest that also pushes every batch through the insert path's validation (what used to throw mid-upload). */
async function checked(name: string, text: string | Uint8Array, options: Omit<IngestOptions, 'onBatch'>, chunk = 64 * 1024) {
  const bytes = typeof text === 'string' ? enc(text) : text;
  let rows = 0;
  const report = await ingest(
    { name, size: bytes.length, lastModified: Date.UTC(2024, 5, 1), chunks: chunksOf(bytes, chunk) },
    {
      ...options,
      onBatch: (b: Batch) => {
        batchToRecordBatch(b);
        rows += b.length;
      },
    },
  );
  expect(report.lines).toBe(report.parsed + report.warned + report.rejected + report.skipped);
  return { report, rows };
}

describe('lone CR and CRLF', () => {
  it('takes a lone CR as a line break (1,000 records, not 1 line)', async () => {
    const text = Array.from({ length: 1000 }, (_, i) => access(i)).join('\r');
    for (const chunk of [1, 97, 1 << 20]) {
      const { report } = await checked('cr.log', text, { format: 'auto' }, chunk);
      expect([report.lines, report.parsed, report.rejected]).toEqual([1000, 1000, 0]);
    }
  });

  it('keeps CRLF one break even when a chunk ends between CR and LF', async () => {
    const text = `${access(1)}\r\n${access(2)}\r\n\r\n${access(3)}\r`;
    for (let chunk = 1; chunk < 12; chunk++) {
      const { report } = await checked('crlf.log', text, { format: 'combined' }, chunk);
      // the blank line between records 2 and 3 is a real (empty) line of a line-oriented log
      expect([report.lines, report.parsed, report.rejected]).toEqual([4, 3, 1]);
    }
  });
});

describe('trailing text after a complete record', () => {
  it('warns about a second access record glued onto a line and keeps the first', async () => {
    const glued = access(1, ' 0.001') + access(2, ' 0.250');
    const { report, rows } = await checked('glued.log', `${access(0)}\n${glued}\n`, { format: 'combined' });
    expect([report.parsed, report.warned, report.rejected, rows]).toEqual([1, 1, 0, 2]);
    expect(report.warnings[0].line).toBe(2);
    expect(report.warnings[0].reason).toMatch(/second record/);
    expect(report.warnings[0].reason).toContain('10.0.0.2 - - [10/Oct/2023:13:55:02');
  });

  it('keeps a JSON object followed by trailing text, with a warning naming the text', async () => {
    const text = '{"ts":1700000000,"status":200}\n{"ts":1700000001,"status":500}{"ts":1700000002}\n{"ts":1700000003} trailing words\n';
    const { report, rows } = await checked('app.jsonl', text, { format: 'jsonl' });
    expect([report.parsed, report.warned, report.rejected, rows]).toEqual([1, 2, 0, 3]);
    expect(report.warnings.map((w) => w.line)).toEqual([2, 3]);
    expect(report.warnings[0].reason).toContain('{"ts":1700000002}');
    expect(report.warnings[1].reason).toContain('trailing words');
  });

  it('warns about a second syslog record glued onto an auth.log line', async () => {
    const a = 'Mar  7 13:06:56 web1 sshd[1291]: Failed password for root from 1.2.3.4 port 22 ssh2';
    const b = 'Mar  7 13:06:57 web1 sshd[1292]: Accepted password for bob from 1.2.3.5 port 23 ssh2';
    const { report, rows } = await checked('auth.log', `${a}\n${a}${b}\n`, { format: 'auth', year: 2024 });
    expect([report.parsed, report.warned, rows]).toEqual([1, 1, 2]);
    expect(report.warnings[0].reason).toMatch(/second record/);
  });

  it('warns about extra CSV fields after the last column and keeps the row', async () => {
    const text = 'timestamp,cpu\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,2,extra\n';
    const { report, rows } = await checked('m.csv', text, { format: 'metrics-csv' });
    expect([report.parsed, report.warned, report.rejected, report.skipped, rows]).toEqual([1, 1, 0, 1, 2]);
    expect(report.warnings[0].reason).toContain('extra');
  });
});

describe('metric CSV columns that are not plain numbers', () => {
  it('reads 12%-style values as numbers', async () => {
    const text = 'timestamp,cpu,mem\n2024-01-01T00:00:00Z,12%,1.5\n2024-01-01T00:01:00Z,13.5 %,2\n';
    const { report, rows } = await checked('m.csv', text, { format: 'metrics-csv' });
    expect([report.parsed, report.warned, report.rejected, rows]).toEqual([2, 0, 0, 4]);
  });

  it('warns once, naming the column, when a textual column is ignored', async () => {
    const text = 'timestamp,cpu,state,zone\n2024-01-01T00:00:00Z,1,ok,eu\n2024-01-01T00:01:00Z,2,degraded,eu\n';
    const { report, rows } = await checked('m.csv', text, { format: 'metrics-csv' });
    expect([report.parsed, report.warned, report.rejected, rows]).toEqual([1, 1, 0, 2]);
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0].line).toBe(2);
    expect(report.warnings[0].reason).toContain('"state"');
    expect(report.warnings[0].reason).toContain('"zone"');
  });
});

describe('out-of-range values reject their line, so an insert never throws', () => {
  it('access logs: bytes 1e20, status outside 100-599, absurd request times and years', async () => {
    const lines = [
      access(0),
      access(1).replace(' 200 5 ', ' 200 100000000000000000000 '),
      access(2).replace(' 200 5 ', ' 999 5 '),
      access(3).replace(' 200 5 ', ' 000 5 '),
      access(4, ' 100000000000.5'),
      access(5).replace('2023:', '0001:'),
    ];
    const { report, rows } = await checked('a.log', lines.join('\n'), { format: 'combined' });
    expect([report.parsed, report.rejected, rows]).toEqual([1, 5, 1]);
    expect(report.rejects.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    for (const r of report.rejects) expect(r.reason).toMatch(/out of range|outside/);
  });

  it('JSON lines: ts 1e300, bytes 1e20 or fractional, status 1000, negative latency', async () => {
    const lines = [
      '{"ts":1700000000,"bytes":10,"status":200,"latency_ms":3}',
      '{"ts":1e300}',
      '{"ts":1700000000,"bytes":1e20}',
      '{"ts":1700000000,"bytes":12.5}',
      '{"ts":1700000000,"status":1000}',
      '{"ts":1700000000,"latency_ms":-4}',
      '{"ts":"99999-01-01T00:00:00Z"}',
    ];
    const { report, rows } = await checked('a.jsonl', lines.join('\n'), { format: 'jsonl' });
    expect([report.parsed, report.rejected, rows]).toEqual([1, 6, 1]);
  });

  it('auth.log: a pid or port that does not fit the table', async () => {
    const lines = [
      'Mar  7 13:06:56 web1 sshd[99999999999]: Failed password for root from 1.2.3.4 port 22 ssh2',
      'Mar  7 13:06:56 web1 sshd[12]: Failed password for root from 1.2.3.4 port 99999999999 ssh2',
      'Mar  7 13:06:56 web1 sshd[12]: Failed password for root from 1.2.3.4 port 22 ssh2',
    ];
    const { report, rows } = await checked('auth.log', lines.join('\n'), { format: 'auth', year: 2024 });
    expect([report.parsed, report.rejected, rows]).toEqual([1, 2, 1]);
  });

  it('metric CSV: a time beyond what the tables hold', async () => {
    const text = `timestamp,v\n1${'0'.repeat(30)},1\n2024-01-01T00:00:00Z,2\n`;
    const { report, rows } = await checked('m.csv', text, { format: 'metrics-csv' });
    expect([report.parsed, report.rejected, rows]).toEqual([1, 1, 1]);
  });
});

describe('reject and warning texts', () => {
  it('keep astral characters (emoji) whole', async () => {
    const { report } = await checked('e.log', 'not a log line 😀 at all\n', { format: 'combined' });
    expect(report.rejects[0].text).toBe('not a log line 😀 at all');
  });
});

describe('caps', () => {
  it('rejects a line over the maximum length with its number and reads on', async () => {
    const long = 'x'.repeat(5000);
    const text = `${access(0)}\n${long}${access(1)}\n${access(2)}\n`;
    for (const chunk of [7, 1000, 1 << 20]) {
      const { report } = await checked('long.log', text, { format: 'combined', limits: { maxLineChars: 1000 } }, chunk);
      expect([report.lines, report.parsed, report.rejected]).toEqual([3, 2, 1]);
      expect(report.rejects[0].line).toBe(2);
      expect(report.rejects[0].reason).toContain('longer than');
      expect(report.rejects[0].text.length).toBeLessThanOrEqual(500);
    }
  });

  it('stops a gzip bomb with a message naming the file, without inflating it all', async () => {
    // 1 GiB of output from ≈ 1 MB (node:zlib: fflate takes seconds to deflate this)
    const member = zlibGzip(Buffer.alloc(8 << 20, 0x41), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 128 }, () => member));
    let pulled = 0;
    async function* counted() {
      for await (const c of chunksOf(bomb, 16 * 1024)) {
        pulled += c.length;
        yield c;
      }
    }
    await expect(ingest({ name: 'bomb.log.gz', size: bomb.length, chunks: counted() }, { format: 'combined', onBatch: () => {} })).rejects.toThrow(
      /^bomb\.log\.gz: .*gzip bomb/,
    );
    // the guard trips after 32 MiB of output, i.e. after ≈ 32 KiB of a 1 MB file
    expect(pulled).toBeLessThan(bomb.length / 8);
  });

  it('names the file when a .gz is truncated, wherever it was cut', async () => {
    const gz = gzipSync(enc(`${access(1)}\n`.repeat(200)));
    for (const keep of [gz.length - 30, gz.length - 4, 10]) {
      await expect(ingestBytes('cut.log.gz', gz.subarray(0, keep), { format: 'combined' })).rejects.toThrow(/^cut\.log\.gz: .*(truncated|corrupt)/);
    }
  });

  it('refuses more rows than the per-upload cap, pointing to the CLI', async () => {
    const text = Array.from({ length: 30 }, (_, i) => access(i)).join('\n');
    await expect(ingestBytes('big.log', enc(text), { format: 'combined', batchSize: 4, maxRows: 25 })).rejects.toThrow(
      /more than 25 rows.*harbinger parse/,
    );
    const ok = await ingestBytes('big.log', enc(text), { format: 'combined', batchSize: 4, maxRows: 30 });
    expect(ok.rows).toHaveLength(30);
  });
});
