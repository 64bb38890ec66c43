import { describe, expect, it } from 'vitest';
import { MetricBuilder } from './batch';
import { createMetricsCsvParser, splitCsv } from './metrics-csv';
import type { MetricBatch } from './types';

function run(lines: string[]) {
  const sink = new MetricBuilder(100);
  const p = createMetricsCsvParser(sink, 'file.csv');
  const results = lines.map((l) => p.parse(l));
  sink.seal();
  const b = sink.ready[0] as MetricBatch | undefined;
  const rows = b ? Array.from({ length: b.length }, (_, i) => [b.ts[i], b.source[i], b.name[i], b.value[i]]) : [];
  return { results, rows };
}

describe('metrics csv', () => {
  it('splits quoted fields', () => {
    const out: string[] = [];
    expect(splitCsv('a,"b,c","d""e",', 44, out)).toBeNull();
    expect(out).toEqual(['a', 'b,c', 'd"e', '']);
    expect(splitCsv('"a"x,b', 44, out)).toBe('unexpected text after closing quote in field 1');
    expect(splitCsv('', 44, out)).toBeNull();
    expect(out).toEqual(['']);
  });

  it('uses the first column as time when no header names one', () => {
    const { results, rows } = run(['when,cpu', '2024-01-01T00:00:00Z,1.5']);
    expect(results).toEqual([false, true]);
    expect(rows).toEqual([[Date.UTC(2024, 0, 1), 'file.csv', 'cpu', 1.5]]);
  });

  it('rejects rows when the first column is not a time and no header names one', () => {
    expect(run(['name,cpu', 'web,1']).results[1]).toMatch(/^no timestamp column .* first column "web" is not a time$/);
  });

  it('refuses a header that is data', () => {
    expect(run(['2024-01-01T00:00:00Z,1']).results[0]).toBe('first line looks like data, not a CSV header: "2024-01-01T00:00:00Z"');
  });

  it('reads semicolon and tab separated files', () => {
    expect(run(['ts;v', '1700000000;2']).rows).toEqual([[1700000000000, 'file.csv', 'v', 2]]);
    expect(run(['ts\tv', '1700000000\t3']).rows).toEqual([[1700000000000, 'file.csv', 'v', 3]]);
  });

  it('seals batches at capacity even in the middle of a row', () => {
    const sink = new MetricBuilder(2);
    const p = createMetricsCsvParser(sink, 'f');
    p.parse('ts,a,b,c');
    expect(p.parse('1700000000,1,2,3')).toBe(true);
    sink.seal();
    expect(sink.ready.map((b) => b.length)).toEqual([2, 1]);
  });
});
