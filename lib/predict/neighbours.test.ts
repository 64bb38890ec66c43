import { describe, expect, it } from 'vitest';
import KNN from 'ml-knn';
import { buildIndex, NEIGHBOUR_INDEXES, pluralityOf, voteOf, type Neighbours } from './neighbours';
import { detectorRng } from '../detectors/rng';

/** The definition: every example ranked by squared distance then id; all those at the k-th distance share what is left of k. */
function byDefinition(rows: number[][], ids: number[], k: number, q: number[]): Neighbours {
  const all = rows.map((r, e) => ({ s: r.reduce((a, _, j) => a + (q[j] - r[j]) ** 2, 0), id: ids[e] })).sort((x, y) => x.s - y.s || x.id - y.id);
  const kk = Math.min(k, rows.length);
  const kth = all[kk - 1].s;
  const inner = all.filter((h) => h.s < kth);
  const tied = all.filter((h) => h.s === kth);
  return { ids: [...inner, ...tied].map((h) => h.id), inner: inner.length, share: (kk - inner.length) / tied.length };
}

function dataset(seed: number, n: number, d: number, grid: number | null) {
  const rng = detectorRng(seed, 'neighbours test');
  const value = () => (grid === null ? rng() * 4 - 2 : Math.round(rng() * grid) / grid);
  const rows = Array.from({ length: n }, () => Array.from({ length: d }, value));
  // ids in no particular order, as a leave-one-incident-out fold gives them
  const ids = rows.map((_, i) => (i * 7919) % 10_007);
  const queries = Array.from({ length: 200 }, () => Array.from({ length: d }, value));
  return { rows, ids, queries };
}

describe('nearest examples', () => {
  const cases = [
    { name: 'continuous values', grid: null },
    { name: 'values on a coarse grid (many ties at the k-th distance)', grid: 3 },
  ];
  for (const c of cases) {
    it(`both indexes give the neighbours the definition gives: ${c.name}`, () => {
      for (const [d, n, k] of [
        [1, 50, 5],
        [2, 300, 20],
        [3, 500, 20],
        [6, 400, 7],
        [3, 12, 20],
      ] as const) {
        const { rows, ids, queries } = dataset(d * 1000 + n, n, d, c.grid);
        const want = queries.map((q) => byDefinition(rows, ids, k, q));
        for (const kind of NEIGHBOUR_INDEXES) {
          const ix = buildIndex(rows, ids, k, d, kind);
          expect(ix.k).toBe(Math.min(k, n));
          expect(queries.map((q) => ix.nearest(q)), `${kind}, d ${d}, n ${n}, k ${k}`).toEqual(want);
        }
      }
    });
  }

  it('finds what ml-knn’s k-d tree finds when no two examples tie at the k-th distance', () => {
    const { rows, ids, queries } = dataset(5, 800, 3, null);
    const knn = new KNN(
      rows.map((r) => [...r]),
      ids,
      { k: 20, distance: (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) },
    );
    const ix = buildIndex(rows, ids, 20, 3);
    for (const q of queries) {
      const got = ix.nearest(q);
      expect(got.inner + 1).toBe(got.ids.length);
      const tree = knn.kdTree.nearest(q, 20).sort((x, y) => x[1] - y[1]);
      expect(got.ids).toEqual(tree.map((h) => h[0][3]));
    }
  });

  it('ranks an example with a coordinate that is not a number last', () => {
    const rows = [[0], [Number.NaN], [5], [1]];
    for (const kind of NEIGHBOUR_INDEXES) {
      expect(buildIndex(rows, [0, 1, 2, 3], 3, 1, kind).nearest([0]).ids).toEqual([0, 3, 2]);
    }
  });

  it('names bad input', () => {
    expect(() => buildIndex([], [], 3, 1)).toThrow(/no examples/);
    expect(() => buildIndex([[1]], [0, 1], 3, 1)).toThrow(/1 rows but 2 ids/);
  });
});

describe('the run-up vote', () => {
  const runUp = (id: number) => id >= 100;

  it('counts run-up examples, and shares the places left among examples tied at the k-th distance', () => {
    // k = 3: one run-up nearer, then four examples at the same distance (one of them a run-up) for two places
    const rows = [[0], [1], [1], [-1], [-1], [5]];
    const ids = [100, 1, 2, 3, 101, 4];
    for (const kind of NEIGHBOUR_INDEXES) {
      const nb = buildIndex(rows, ids, 3, 1, kind).nearest([0]);
      expect(nb).toEqual({ ids: [100, 1, 2, 3, 101], inner: 1, share: 0.5 });
      expect(voteOf(nb, runUp)).toBe(1.5);
    }
  });

  it('does not depend on the order the examples are stored in', () => {
    const { rows, queries } = dataset(9, 300, 2, 2);
    const ids = rows.map((_, i) => i);
    const isRunUp = (id: number) => id % 5 === 0;
    const order = ids.map((i) => (i * 37) % 300);
    const a = buildIndex(rows, ids, 15, 2);
    const b = buildIndex(
      order.map((i) => rows[i]),
      order,
      15,
      2,
      'kd-tree',
    );
    for (const q of queries) expect(voteOf(b.nearest(q), isRunUp)).toBe(voteOf(a.nearest(q), isRunUp));
  });

  it('is a multiple of 1/1024, so a running sum of votes is exact in any order', () => {
    const nb: Neighbours = { ids: [1, 100, 101, 2, 3, 4, 5], inner: 1, share: 3 / 6 };
    expect(voteOf(nb, runUp)).toBe(1);
    const third: Neighbours = { ids: [100, 1, 2], inner: 0, share: 1 / 3 };
    const v = voteOf(third, runUp);
    expect(v * 1024).toBe(Math.round(v * 1024));
    expect(v).toBeCloseTo(1 / 3, 3);
  });
});

describe('the group most neighbours come from', () => {
  // ids 100-199 in group 1, 200-299 in group 2, the rest in none
  const groupOf = (id: number) => (id >= 200 ? 2 : id >= 100 ? 1 : -1);

  it('weighs the nearer neighbours whole and the tied ones by their share', () => {
    // group 1: two whole places; group 2: three tied examples at 1/2 each = 1.5
    expect(pluralityOf({ ids: [100, 101, 200, 201, 202, 2], inner: 2, share: 0.5 }, groupOf)).toBe(1);
    // the same examples all nearer: 2 against 3
    expect(pluralityOf({ ids: [100, 101, 200, 201, 202, 2], inner: 6, share: 1 }, groupOf)).toBe(2);
  });

  it('gives a tie to the group holding the nearest, and −1 when no neighbour is in a group', () => {
    expect(pluralityOf({ ids: [1, 200, 100, 101, 201], inner: 5, share: 1 }, groupOf)).toBe(2);
    expect(pluralityOf({ ids: [1, 2, 3], inner: 3, share: 1 }, groupOf)).toBe(-1);
  });
});

describe('auto', () => {
  it('takes ml-knn’s k-d tree for many examples on few dimensions, the scan otherwise', () => {
    const rows = (n: number, d: number) => Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => i + j));
    const ids = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(buildIndex(rows(5000, 3), ids(5000), 20, 3).kind).toBe('kd-tree');
    expect(buildIndex(rows(4999, 3), ids(4999), 20, 3).kind).toBe('scan');
    expect(buildIndex(rows(5000, 4), ids(5000), 20, 4).kind).toBe('scan');
    expect(buildIndex(rows(10, 1), ids(10), 20, 1, 'kd-tree').kind).toBe('kd-tree');
  });
});
