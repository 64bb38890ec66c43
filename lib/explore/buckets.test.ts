import { describe, expect, it } from 'vitest';
import { MAX_BUCKETS, NICE_BUCKETS_MS, bucketLabel, chooseBucketMs } from './buckets';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('chooseBucketMs', () => {
  it('picks the smallest nice width giving at most 240 buckets', () => {
    expect(chooseBucketMs(0)).toBe(S);
    expect(chooseBucketMs(240 * S)).toBe(S);
    expect(chooseBucketMs(240 * S + 1)).toBe(5 * S);
    expect(chooseBucketMs(H)).toBe(30 * S); // 120 buckets
    expect(chooseBucketMs(D)).toBe(10 * M); // 144 buckets
    expect(chooseBucketMs(7 * D)).toBe(H); // 168 buckets
    expect(chooseBucketMs(30 * D)).toBe(3 * H); // 240 buckets
    expect(chooseBucketMs(240 * D)).toBe(D);
  });

  it('falls back to a day for spans longer than 240 days', () => {
    expect(chooseBucketMs(3 * 365 * D)).toBe(D);
  });

  it('keeps 48–240 buckets for every span from 48 s to 240 days', () => {
    for (let span = 48 * S; span <= 240 * D; span *= 1.07) {
      const count = span / chooseBucketMs(span);
      expect(count, `span ${span}`).toBeLessThanOrEqual(MAX_BUCKETS);
      expect(count, `span ${span}`).toBeGreaterThanOrEqual(48);
    }
  });

  it('uses widths that divide a day, in increasing order', () => {
    for (const w of NICE_BUCKETS_MS) expect(D % w).toBe(0);
    expect([...NICE_BUCKETS_MS].sort((a, b) => a - b)).toEqual([...NICE_BUCKETS_MS]);
  });

  it('rejects spans that are not a finite non-negative number', () => {
    expect(() => chooseBucketMs(-1)).toThrow('invalid span: -1');
    expect(() => chooseBucketMs(NaN)).toThrow('invalid span: NaN');
    expect(() => chooseBucketMs(Infinity)).toThrow('invalid span: Infinity');
  });
});

describe('bucketLabel', () => {
  it('names widths in the largest whole unit', () => {
    expect(NICE_BUCKETS_MS.map(bucketLabel)).toEqual(['1s', '5s', '10s', '30s', '1m', '5m', '10m', '30m', '1h', '3h', '6h', '12h', '1d']);
    expect(bucketLabel(1500)).toBe('1500ms');
  });
});
