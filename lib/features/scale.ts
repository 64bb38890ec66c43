/**
 * Feature scaling fitted on the training span only, so nothing about the test span leaks into the
 * model. Standard: (x − mean) / sd. Robust: (x − median) / (1.4826 · MAD), the MAD scaled to
 * match sd on normal data. A column with no MAD (constant, or still in more than half the training
 * rows, like a 5xx rate) scales by 1: it keeps its own units, which a detector's own spread
 * estimate (robustSpread) then measures.
 */
export type ScaleMethod = 'standard' | 'robust';

export interface Scaler {
  method: ScaleMethod;
  center: number[];
  scale: number[];
}

/**
 * Robust spread of a column around its median: 1.4826 · MAD, else 1.2533 · mean |x − median|,
 * else 0 (the column is constant). Both factors make the spread ≈ sd on normal data.
 */
export function robustSpread(values: ArrayLike<number>): { median: number; spread: number } {
  const col = Float64Array.from(values).sort();
  if (col.length === 0) return { median: NaN, spread: 0 };
  const m = median(col);
  const dev = col.map((v) => Math.abs(v - m));
  let sum = 0;
  for (const v of dev) sum += v;
  dev.sort();
  const mad = 1.4826 * median(dev);
  return { median: m, spread: mad > 0 ? mad : (1.2533 * sum) / col.length };
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** Fits on `train` (rows × features); throws on an empty span or ragged rows. */
export function fitScaler(train: readonly ArrayLike<number>[], method: ScaleMethod = 'robust'): Scaler {
  if (train.length === 0) throw new Error('cannot fit a scaler on an empty training span');
  const d = train[0].length;
  const center: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < d; j++) {
    const col = new Float64Array(train.length);
    for (let i = 0; i < train.length; i++) {
      if (train[i].length !== d) throw new Error(`row ${i} has ${train[i].length} features, expected ${d}`);
      col[i] = train[i][j];
    }
    let c: number;
    let s: number;
    if (method === 'standard') {
      c = col.reduce((a, v) => a + v, 0) / col.length;
      s = Math.sqrt(col.reduce((a, v) => a + (v - c) * (v - c), 0) / col.length);
    } else {
      col.sort();
      c = median(col);
      s = 1.4826 * median(col.map((v) => Math.abs(v - c)).sort());
    }
    center.push(c);
    scale.push(s > 0 && Number.isFinite(s) ? s : 1);
  }
  return { method, center, scale };
}

export function applyScaler(scaler: Scaler, rows: readonly ArrayLike<number>[]): number[][] {
  return rows.map((r, i) => {
    if (r.length !== scaler.center.length) throw new Error(`row ${i} has ${r.length} features, expected ${scaler.center.length}`);
    return Array.from(r, (v, j) => (v - scaler.center[j]) / scaler.scale[j]);
  });
}
