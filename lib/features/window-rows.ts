/**
 * The checks every window table passes, however it was read (DuckDB in the CLI, the browser's own
 * CSV/Parquet readers): one start per row, finite numbers, evenly spaced windows of 10 s to 1 h.
 * One place, so the page refuses exactly what `harbinger evaluate --windows` refuses, with the same
 * file, row and reason.
 */
import type { FeatureFrame } from '../eval/frame';

/** Most features a window table may carry (a detector's input width). */
const MAX_WINDOW_FEATURES = 500;

/**
 * The frame of a window table with `features` (its columns besides ts) and `starts` (epoch ms,
 * null when empty); `cell(k, j)` is row k's value of feature j as read. `label` names the file.
 */
export function windowFrame(label: string, features: readonly string[], starts: readonly (number | null)[], cell: (k: number, j: number) => unknown): { frame: FeatureFrame; windowSec: number } {
  if (features.length === 0) throw new Error(`${label}: no feature columns besides "ts"`);
  if (features.length > MAX_WINDOW_FEATURES) throw new Error(`${label}: ${features.length} feature columns, more than ${MAX_WINDOW_FEATURES}`);
  if (starts.length < 2) throw new Error(`${label}: ${starts.length} window(s); at least 2 are needed`);
  const out = new Float64Array(starts.length);
  const X: Float64Array[] = [];
  // rows are named as a person counts them in the file: the header is row 1
  for (const [k, t] of starts.entries()) {
    if (t === null || !Number.isFinite(t)) throw new Error(`${label}: row ${k + 2}: ts is ${t === null ? 'empty' : 'not a timestamp'}`);
    out[k] = t;
    const x = new Float64Array(features.length);
    for (const [j, f] of features.entries()) {
      const v = cell(k, j);
      const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : NaN;
      if (!Number.isFinite(n)) throw new Error(`${label}: row ${k + 2}: ${f} is ${v === null || v === undefined || v === '' ? 'empty' : String(v)}, not a finite number`);
      x[j] = n;
    }
    X.push(x);
  }
  const step = out[1] - out[0];
  const windowSec = step / 1000;
  if (!(Number.isInteger(windowSec) && windowSec >= 10 && windowSec <= 3600)) throw new Error(`${label}: windows ${step} ms apart (rows 2–3); a window is 10 s to 1 h, whole seconds`);
  for (let k = 1; k < out.length; k++) {
    if (out[k] - out[k - 1] !== step) {
      throw new Error(`${label}: row ${k + 2}: ts ${new Date(out[k]).toISOString()} is not one window (${windowSec} s) after the row before: windows must be in order, evenly spaced, none missing`);
    }
  }
  return { frame: { starts: out, features: [...features], X, fitUntilMs: null }, windowSec };
}
