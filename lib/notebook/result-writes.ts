/**
 * When the result tables are written, and how much: a new run (or a fresh engine, which starts
 * empty) writes every table; a threshold or matching-rule change writes only what depends on it
 * (`scores`' threshold columns and `alarms`); anything else writes nothing, so SQL cells do not
 * re-run for a change that did not touch their tables.
 */
import { assertNever } from '../util/assert-never';
import type { TableVersions } from './tables';

/** What the result tables were last written from. `run` is the trained run's identity (its scores object), `thresholds` a key of the thresholds and alarms in force. */
export interface ResultsSource {
  generation: number;
  run: object;
  thresholds: string;
}

export type ResultWrite = 'all' | 'thresholds' | 'none';

export function resultWrite(last: ResultsSource | null, next: ResultsSource): ResultWrite {
  if (!last || last.generation !== next.generation || last.run !== next.run) return 'all';
  return last.thresholds === next.thresholds ? 'none' : 'thresholds';
}

/** The result tables' versions after a write of that kind. */
export function afterWrite(v: Omit<TableVersions, 'data'>, write: ResultWrite): Omit<TableVersions, 'data'> {
  switch (write) {
    case 'all':
      return { features: v.features + 1, scores: v.scores + 1, alarms: v.alarms + 1 };
    case 'thresholds':
      return { ...v, scores: v.scores + 1, alarms: v.alarms + 1 };
    case 'none':
      return v;
    default:
      return assertNever(write);
  }
}
