/**
 * The feature frame the engine answers from a window table it holds: the table's own windows and
 * columns. The window is the table's spacing (a table cannot be re-windowed), and a feature must be
 * one of its columns; anything else is refused with the table's name, not silently replaced.
 */
import type { FeatureFrame } from '../eval/frame';
import type { WindowTable } from './window-file';

/** What the Source cell shows of a loaded window table. */
export interface WindowTableSummary {
  name: string;
  windows: number;
  windowSec: number;
  features: readonly string[];
  /** first and last window start, epoch ms */
  from: number;
  to: number;
}

/** The frame of `table` for a request of `windowSec` and `features` (null: every column, in file order). */
export function windowTableFrame(table: WindowTable & { name: string }, windowSec: number, features: readonly string[] | null): FeatureFrame {
  if (windowSec !== table.windowSec) throw new Error(`${table.name}: its windows are ${table.windowSec} s apart, the window asked for is ${windowSec} s: a window table's window is its spacing`);
  const all = table.frame.features;
  if (features === null) return table.frame;
  const at = features.map((f) => {
    const j = all.indexOf(f);
    if (j < 0) throw new Error(`${table.name}: no column "${f}" (its features: ${all.join(', ')})`);
    return j;
  });
  if (features.length === 0) throw new Error(`${table.name}: no features chosen`);
  return { starts: table.frame.starts, features: [...features], X: table.frame.X.map((x) => Float64Array.from(at, (j) => x[j]!)), fitUntilMs: null };
}

/** The spec's window text for a table's spacing (whole seconds, 10 s to 1 h). */
export function windowText(sec: number): string {
  if (sec % 3600 === 0) return `${sec / 3600}h`;
  return sec % 60 === 0 ? `${sec / 60}m` : `${sec}s`;
}
