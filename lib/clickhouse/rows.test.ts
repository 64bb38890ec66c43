import { describe, expect, it } from 'vitest';
import { encodeBatch } from './rows';
import { CH_COLUMNS } from './schema';
import type { AuthBatch, MetricBatch } from '../ingest/types';

const names = (t: 'auth_events' | 'metrics') => CH_COLUMNS[t].map(([c]) => c);

describe('encodeBatch', () => {
  const auth: AuthBatch = {
    table: 'auth_events',
    length: 1,
    ts: new Float64Array([1_700_000_000_123.75]),
    source: ['a\tb.log'],
    host: ['h'],
    pid: new Float64Array([NaN]),
    process: ['sshd'],
    kind: ['failed_password'],
    user: [null],
    ip: ['10.0.0.1'],
    port: new Float64Array([22]),
    message: ['line\nbreak \\ back\rslash\0'],
  };

  it('writes TabSeparated with escapes, \\N for NULL and NaN, and whole epoch ms', () => {
    expect(encodeBatch(auth, names('auth_events'), 'TabSeparated')).toBe(
      '1700000000123\ta\\tb.log\th\t\\N\tsshd\tfailed_password\t\\N\t10.0.0.1\t22\tline\\nbreak \\\\ back\\rslash\\0\n',
    );
  });

  it('writes JSONEachRow with the same values under the column names', () => {
    const m: MetricBatch = { table: 'metrics', length: 2, ts: new Float64Array([0, 1000]), source: ['h1', 'h2'], name: ["cpu'pct", 'x'], value: new Float64Array([1.5, NaN]) };
    const rows = encodeBatch(m, names('metrics'), 'JSONEachRow').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toEqual([
      { ts_ms: 0, source: 'h1', name: "cpu'pct", value: 1.5 },
      { ts_ms: 1000, source: 'h2', name: 'x', value: null },
    ]);
  });
});
