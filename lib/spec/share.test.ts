import { describe, expect, it } from 'vitest';
import { shareEqual } from './share';

describe('shareEqual', () => {
  it('keeps the previous object for every unchanged subtree', () => {
    const prev = { name: 'a', explore: { range: null, topN: 10 }, models: { detectors: ['ewma', 'robust-z'], thresholds: { ewma: 2 } } };
    const next = structuredClone(prev);
    next.name = 'b';
    next.models.thresholds.ewma = 3;
    const out = shareEqual(prev, next);
    expect(out).toEqual(next);
    expect(out).not.toBe(prev);
    expect(out.explore).toBe(prev.explore);
    expect(out.models.detectors).toBe(prev.models.detectors);
    expect(out.models.thresholds).not.toBe(prev.models.thresholds);
    expect(out.models.thresholds).toEqual({ ewma: 3 });
  });

  it('returns the previous value when nothing changed, and the next one for changed shapes', () => {
    const prev = { a: [1, { b: 2 }], c: null };
    expect(shareEqual(prev, structuredClone(prev))).toBe(prev);
    expect(shareEqual({ a: [1, 2] }, { a: [1, 2, 3] }).a).toEqual([1, 2, 3]);
    expect(shareEqual({ a: 1, b: 2 }, { a: 1 })).toEqual({ a: 1 });
    expect(shareEqual({ a: { x: 1 } }, { a: [1] }).a).toEqual([1]);
    expect(shareEqual(undefined, { a: 1 })).toEqual({ a: 1 });
  });
});
