/**
 * Pearson correlation between feature columns, for the Features cell's heatmap. Two features that
 * move together carry the same signal twice; a constant one carries none, and its correlation is
 * undefined (NaN), never a number made up from rounding noise.
 */

/** The columns of a row-major frame (one Float64Array per window), `k` values per row. */
export function frameColumns(X: readonly Float64Array[], k: number): Float64Array[] {
  if (!Number.isInteger(k) || k < 0) throw new Error(`invalid column count: ${k}`);
  const cols = Array.from({ length: k }, () => new Float64Array(X.length));
  X.forEach((row, i) => {
    if (row.length !== k) throw new Error(`row ${i} has ${row.length} values, expected ${k}`);
    for (let j = 0; j < k; j++) cols[j][i] = row[j];
  });
  return cols;
}

/**
 * Pearson's r over the positions where both values are finite. NaN when fewer than two such
 * positions remain or either series is constant on them. Throws when the lengths differ.
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`series differ in length: ${a.length} and ${b.length}`);
  let n = 0;
  let sa = 0;
  let sb = 0;
  let minA = Infinity;
  let maxA = -Infinity;
  let minB = Infinity;
  let maxB = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    n++;
    sa += x;
    sb += y;
    if (x < minA) minA = x;
    if (x > maxA) maxA = x;
    if (y < minB) minB = y;
    if (y > maxB) maxB = y;
  }
  // constant is decided on the values themselves: a mean of n equal values can miss them by an
  // ulp, which would turn a constant column into noise correlated at ±1
  if (n < 2 || minA === maxA || minB === maxB) return NaN;
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const dx = x - ma;
    const dy = y - mb;
    sab += dx * dy;
    saa += dx * dx;
    sbb += dy * dy;
  }
  const r = sab / Math.sqrt(saa * sbb);
  return Number.isFinite(r) ? Math.max(-1, Math.min(1, r)) : NaN;
}

interface Column {
  values: ArrayLike<number>;
  /** every value finite: the fast path applies */
  finite: boolean;
  /** finite, not constant, at least two values: deviations from the mean, and their sum of squares */
  centred: Float64Array | null;
  ss: number;
}

function prepare(values: ArrayLike<number>): Column {
  let finite = true;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      finite = false;
      break;
    }
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!finite || values.length < 2 || min === max) return { values, finite, centred: null, ss: NaN };
  const mean = sum / values.length;
  const centred = new Float64Array(values.length);
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - mean;
    centred[i] = d;
    ss += d * d;
  }
  return { values, finite, centred, ss };
}

function r(a: Column, b: Column): number {
  // a column with a missing value is compared pairwise, over the positions both have
  if (!a.finite || !b.finite) return pearson(a.values, b.values);
  if (a.centred === null || b.centred === null) return NaN;
  let dot = 0;
  for (let i = 0; i < a.centred.length; i++) dot += a.centred[i] * b.centred[i];
  // one square root of the product, as pearson() takes it, so both paths give the same bits
  const v = dot / Math.sqrt(a.ss * b.ss);
  return Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : NaN;
}

/**
 * The matrix of {@link correlationMatrix}, one row per step: the caller can yield between steps so
 * 64 features over 100,000 windows never hold the page for longer than one row takes.
 */
export function* correlationSteps(columns: readonly ArrayLike<number>[]): Generator<number, Float64Array[]> {
  const k = columns.length;
  const n = k === 0 ? 0 : columns[0].length;
  columns.forEach((c, i) => {
    if (c.length !== n) throw new Error(`column ${i} has ${c.length} values, expected ${n}`);
  });
  const cols = columns.map(prepare);
  const m = Array.from({ length: k }, () => new Float64Array(k));
  for (let i = 0; i < k; i++) {
    m[i][i] = cols[i].finite ? (cols[i].centred === null ? NaN : 1) : pearson(columns[i], columns[i]);
    for (let j = i + 1; j < k; j++) {
      const v = r(cols[i], cols[j]);
      m[i][j] = v;
      m[j][i] = v;
    }
    yield i;
  }
  return m;
}

/**
 * The symmetric matrix of Pearson's r between columns (row i, column j = r(columns[i], columns[j])).
 * The diagonal is 1, or NaN for a column that is constant (or has fewer than two finite values).
 * Throws when the columns differ in length.
 */
export function correlationMatrix(columns: readonly ArrayLike<number>[]): Float64Array[] {
  const steps = correlationSteps(columns);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}
