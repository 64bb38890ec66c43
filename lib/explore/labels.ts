/**
 * Labeled incident phases for the bands drawn on every time chart: the phases that overlap the
 * filter's range (a band may start before the range and end after it).
 */
import type { ExploreFilter } from './filter';
import { checkRange, tsLiteral } from './filter';

/** @public the rows its query yields (named for callers, though none imports it yet) */
export interface IncidentBandRow {
  incident_id: string;
  kind: string;
  phase: 'precursor' | 'failure';
  /** epoch ms */
  start: number;
  end: number;
  target: string | null;
}

/** Phases overlapping the range, clipped to it (so a band never widens a chart's time axis). */
export function incidentBands(filter: ExploreFilter): string {
  const range = checkRange(filter.range);
  if (!range) {
    return `SELECT incident_id, kind, phase, epoch_ms(start) AS start, epoch_ms("end") AS "end", target
FROM labels ORDER BY start, incident_id, phase`;
  }
  const from = tsLiteral(range.from);
  const to = tsLiteral(range.to);
  return `SELECT incident_id, kind, phase, epoch_ms(greatest(start, ${from})) AS start, epoch_ms(least("end", ${to})) AS "end", target
FROM labels WHERE "end" > ${from} AND start < ${to} ORDER BY start, incident_id, phase`;
}
