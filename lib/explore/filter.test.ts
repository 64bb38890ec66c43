import { describe, expect, it } from 'vitest';
import { bruteForceIps } from './auth';
import { checkRange, rangeSql, sqlString, whereSql } from './filter';
import { metricPoints } from './metrics';
import { rawCount, rawRequests } from './raw';
import { endpoints, requestSummary, requestsOverTime } from './requests';
import type { TableName } from '../ingest/types';

describe('sqlString', () => {
  it('doubles single quotes and leaves markup alone', () => {
    expect(sqlString("/q'<script>alert(1)</script>")).toBe("'/q''<script>alert(1)</script>'");
    expect(sqlString("'; DROP TABLE requests; --")).toBe("'''; DROP TABLE requests; --'");
  });
});

describe('range filter', () => {
  it('turns a range into a half-open TIMESTAMP condition at microsecond precision', () => {
    expect(rangeSql({ range: { from: 1000, to: 2000.5 } })).toBe(
      'ts >= make_timestamp(1000000::BIGINT) AND ts < make_timestamp(2000500::BIGINT)',
    );
    expect(rangeSql({ range: null })).toBe('true');
    expect(whereSql({ range: null }, "kind = 'x'")).toBe("WHERE (true) AND (kind = 'x')");
  });

  it('rejects a range that is not finite or runs backwards, naming it', () => {
    expect(() => checkRange({ from: NaN, to: 1 })).toThrow('invalid range: {"from":"NaN","to":"1"}');
    expect(() => checkRange({ from: 0, to: Infinity })).toThrow('invalid range');
    expect(() => checkRange({ from: 2, to: 1 })).toThrow('invalid range: {"from":"2","to":"1"}');
    expect(() => requestSummary({ range: { from: 0, to: NaN } })).toThrow('invalid range');
    const injected = { from: '0) OR (1=1' as unknown as number, to: 5 };
    expect(() => requestSummary({ range: injected })).toThrow('invalid range');
  });
});

describe('panel options', () => {
  const all = { range: null };
  it('rejects limits, offsets and sizes that are not in range', () => {
    expect(() => endpoints(all, { limit: 0 })).toThrow('invalid limit: 0');
    expect(() => endpoints(all, { limit: 2.5 })).toThrow('invalid limit: 2.5');
    expect(() => rawRequests({ filter: all, offset: -1, limit: 10 })).toThrow('invalid offset: -1');
    expect(() => rawRequests({ filter: all, offset: 0, limit: 10_001 })).toThrow('invalid limit: 10001');
    expect(() => requestsOverTime(all, { bucketMs: 0 })).toThrow('invalid bucketMs: 0');
    expect(() => metricPoints(all, { maxPoints: NaN })).toThrow('invalid maxPoints: NaN');
    expect(() => bruteForceIps(all, { threshold: 0 })).toThrow('invalid threshold: 0');
    expect(() => bruteForceIps(all, { windowMinutes: -5 })).toThrow('invalid windowMinutes: -5');
    expect(() => rawCount('users' as TableName, all)).toThrow('invalid table: users');
  });

  it('puts series names into the SQL only as escaped literals', () => {
    const sql = metricPoints(all, { series: [{ source: "a'b", name: "x' OR '1'='1" }] });
    expect(sql).toContain("source = 'a''b' AND name = 'x'' OR ''1''=''1'");
  });
});
