/**
 * Labeled incident phases as translucent bands behind every time chart: precursor amber, failure
 * red. The rows come from the `labels` table (SQL, snake_case) or from a run's LabelRows.
 */
import type { LabelRow } from '../labels/types';
import type { MarkSpec } from './spec';

/** One labeled phase as the `labels` table returns it (SQL rows type their cells loosely). */
export type BandRow = { readonly [K in 'incident_id' | 'kind' | 'phase' | 'start' | 'end' | 'target']?: unknown };

const PHASE_FILL: Readonly<Record<string, string>> = { precursor: '#e6a817', failure: '#c0392b' };
const OTHER_FILL = '#8a8f98';

/** A run's labels in the `labels` table's shape, so every chart draws bands from one kind of row. */
export function bandRows(labels: readonly LabelRow[]): BandRow[] {
  return labels.map((l) => ({ incident_id: l.incidentId, kind: l.kind, phase: l.phase, start: l.start, end: l.end, target: l.target }));
}

/** The band mark (none without rows). */
export function bandMarks(rows: readonly BandRow[] | null): MarkSpec[] {
  if (!rows || rows.length === 0) return [];
  const data = rows.map((d) => ({
    x1: new Date(Number(d.start)),
    x2: new Date(Number(d.end)),
    fill: PHASE_FILL[String(d.phase)] ?? OTHER_FILL,
    title: `${String(d.kind)} · ${String(d.phase)}${d.target ? ` · ${String(d.target)}` : ''} (${String(d.incident_id)})`,
  }));
  return [{ mark: 'rectX', data, options: { x1: 'x1', x2: 'x2', fill: 'fill', fillOpacity: 0.15, title: 'title' } }];
}
