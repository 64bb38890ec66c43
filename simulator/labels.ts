/**
 * Ground truth for evaluation: labels.csv (one row per phase) and incidents.json (one object per
 * incident), both pure functions of the planned incidents. Times are ISO-8601 UTC.
 */
import { isoSeconds } from './clock';
import { FAILURES } from './failures';
import type { PlannedIncident } from './failures/types';
import type { FailureKind } from './scenario';

export const LABELS_HEADER = 'start,end,kind,phase';

/** `start,end,kind,phase` rows in time order: the precursor (when there is one), then the failure. */
export function labelsCsv(plan: readonly PlannedIncident[]): string {
  const rows = [LABELS_HEADER];
  for (const inc of [...plan].sort((a, b) => a.precursorStart - b.precursorStart)) {
    if (inc.precursorStart < inc.failureStart) rows.push(`${isoSeconds(inc.precursorStart)},${isoSeconds(inc.failureStart)},${inc.kind},precursor`);
    rows.push(`${isoSeconds(inc.failureStart)},${isoSeconds(inc.end)},${inc.kind},failure`);
  }
  return rows.join('\n') + '\n';
}

export interface IncidentRecord {
  id: string;
  kind: FailureKind;
  /** null when the incident has no precursor */
  precursor_start: string | null;
  failure_start: string;
  end: string;
  /** route prefix altered; null = every route or none (auth and metric kinds say so in `host`) */
  route: string | null;
  host: string | null;
  ips: string[];
  parameters: { severity: number; severity_means: string; precursor_min: number; duration_min: number };
}

export function incidentRecords(plan: readonly PlannedIncident[]): IncidentRecord[] {
  return plan.map((inc) => ({
    id: inc.id,
    kind: inc.kind,
    precursor_start: inc.precursorStart < inc.failureStart ? isoSeconds(inc.precursorStart) : null,
    failure_start: isoSeconds(inc.failureStart),
    end: isoSeconds(inc.end),
    route: inc.route,
    host: inc.host,
    ips: [...inc.ips],
    parameters: {
      severity: inc.severity,
      severity_means: FAILURES[inc.kind].severityMeans,
      precursor_min: (inc.failureStart - inc.precursorStart) / 60,
      duration_min: (inc.end - inc.failureStart) / 60,
    },
  }));
}

/** incidents.json text (2-space indented, trailing newline). */
export function incidentsJson(plan: readonly PlannedIncident[]): string {
  return JSON.stringify(incidentRecords(plan), null, 2) + '\n';
}
