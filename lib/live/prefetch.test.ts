import { describe, expect, it } from 'vitest';
import type { Batch, MetricBatch } from '../ingest/types';
import type { RecordSource } from './replay';
import { prefetching, splitBatch } from './prefetch';

// one metric row every 10 ms over [0, 1000): enough to cut anywhere
const ALL: MetricBatch = {
  table: 'metrics',
  length: 100,
  ts: Float64Array.from({ length: 100 }, (_, k) => k * 10),
  source: Array.from({ length: 100 }, (_, k) => `h${k % 3}`),
  name: Array.from({ length: 100 }, () => 'cpu'),
  value: Float64Array.from({ length: 100 }, (_, k) => k / 7),
};

function recording(): { source: RecordSource; asked: [number, number][] } {
  const asked: [number, number][] = [];
  const source: RecordSource = {
    slice: async (from, to) => {
      asked.push([from, to]);
      const [, rest] = splitBatch(ALL, from);
      const [mine] = splitBatch(rest, to);
      return mine.length > 0 ? [mine] : [];
    },
  };
  return { source, asked };
}

const tsOf = (bs: Batch[]) => bs.flatMap((b) => Array.from(b.ts));

describe('splitBatch', () => {
  it('cuts every column at the first row at or after the bound', () => {
    const [h, t] = splitBatch(ALL, 255);
    expect(h.length).toBe(26);
    expect(t.length).toBe(74);
    expect(Array.from(h.ts).at(-1)).toBe(250);
    expect(t.ts[0]).toBe(260);
    expect(t.source[0]).toBe(ALL.source[26]);
    expect(t.value[0]).toBe(ALL.value[26]);
    expect(splitBatch(ALL, 0)[0].length).toBe(0);
    expect(splitBatch(ALL, 2000)[1].length).toBe(0);
  });
});

describe('prefetching', () => {
  it('asks for the next slice of the same length before it is needed', async () => {
    const { source, asked } = recording();
    const p = prefetching(source);
    expect(tsOf(await p.slice(0, 100))).toEqual(tsOf(await recording().source.slice(0, 100)));
    expect(asked).toEqual([[0, 100], [100, 200]]);
    // the guess was right: answered from it, and the one after is asked for
    expect(tsOf(await p.slice(100, 200))).toEqual([100, 110, 120, 130, 140, 150, 160, 170, 180, 190]);
    expect(asked).toEqual([[0, 100], [100, 200], [200, 300]]);
  });

  it('hands every row over once, in time order, whatever lengths are asked for', async () => {
    const { source } = recording();
    const p = prefetching(source);
    // longer (topped up), shorter (cut), equal, a gap-free mix ending past the data
    const cuts = [0, 10, 40, 45, 50, 300, 310, 311, 600, 601, 1200];
    const got: number[] = [];
    const values: number[] = [];
    for (let i = 1; i < cuts.length; i++) {
      const bs = await p.slice(cuts[i - 1], cuts[i]);
      for (const b of bs) {
        for (const t of b.ts) {
          expect(t).toBeGreaterThanOrEqual(cuts[i - 1]);
          expect(t).toBeLessThan(cuts[i]);
        }
        values.push(...(b as MetricBatch).value);
      }
      got.push(...tsOf(bs));
    }
    expect(got).toEqual(Array.from(ALL.ts));
    expect(values).toEqual(Array.from(ALL.value));
  });

  it('a request that does not follow the last one is asked for as it is', async () => {
    const { source, asked } = recording();
    const p = prefetching(source);
    await p.slice(0, 100);
    expect(tsOf(await p.slice(500, 520))).toEqual([500, 510]);
    expect(asked).toEqual([[0, 100], [100, 200], [500, 520], [520, 540]]);
  });

  it('a failed guess fails the slice it was for, not the one before', async () => {
    let calls = 0;
    const p = prefetching({
      slice: async () => {
        if (++calls === 2) throw new Error('engine gone');
        return [];
      },
    });
    await expect(p.slice(0, 10)).resolves.toEqual([]);
    await expect(p.slice(10, 20)).rejects.toThrow('engine gone');
  });
});
