/**
 * The one rule that says which labeled incident an alarm event detected. The metrics table, the
 * Report's findings, the SQL `alarms` table and the exports all read its answer, so they cannot
 * disagree about which alarm was a hit.
 */
import type { LabelRow } from '../labels/types';

/** A labeled incident: its failure phase (rows spanned) and the start of its precursor, if any. */
export interface Incident {
  incidentId: string;
  kind: string;
  failureStart: number;
  failureEnd: number;
  precursorStart: number | null;
}

/** One entry per incident that has a failure phase, by failure start; several rows of one phase are spanned. */
export function incidents(labels: readonly LabelRow[]): Incident[] {
  const byId = new Map<string, Incident>();
  for (const l of labels) {
    if (l.phase !== 'failure') continue;
    const cur = byId.get(l.incidentId);
    if (!cur) byId.set(l.incidentId, { incidentId: l.incidentId, kind: l.kind, failureStart: l.start, failureEnd: l.end, precursorStart: null });
    else {
      cur.failureStart = Math.min(cur.failureStart, l.start);
      cur.failureEnd = Math.max(cur.failureEnd, l.end);
    }
  }
  for (const l of labels) {
    const inc = byId.get(l.incidentId);
    if (l.phase === 'precursor' && inc) inc.precursorStart = Math.min(inc.precursorStart ?? l.start, l.start);
  }
  return [...byId.values()].sort((a, b) => a.failureStart - b.failureStart);
}

export interface MatchOptions {
  /** ms before failure start in which an alarm still counts as a detection */
  earlyMarginMs: number;
  /** also accept alarms from the incident's precursor start on, when earlier than the margin */
  matchPrecursor: boolean;
}

/**
 * Where a matched alarm sits: on the failure, on the precursor phase before it, or only inside the
 * early margin (before the failure, outside any labeled precursor).
 */
export type MatchPhase = 'failure' | 'precursor' | 'early-margin';

export interface AlarmMatch {
  incidentId: string;
  kind: string;
  phase: MatchPhase;
}

export interface IncidentMatch {
  incident: Incident;
  /** start of the earliest alarm that matched it, null when none did */
  firstAlarm: number | null;
}

export interface Matches {
  /** one per alarm event, in its order: the earliest-failing incident it matched, else null */
  alarms: (AlarmMatch | null)[];
  /** one per incident, in its order */
  incidents: IncidentMatch[];
}

/**
 * An alarm event [start, end) detects an incident when it overlaps [failure start − earlyMarginMs,
 * failure end), from the precursor start instead if `matchPrecursor` and that is earlier. An alarm
 * overlapping several incidents is credited to each and named after the one that fails first.
 */
export function matchIncidents(events: readonly { start: number; end: number }[], incs: readonly Incident[], options: MatchOptions): Matches {
  const margin = options.earlyMarginMs;
  if (!(margin >= 0 && Number.isFinite(margin))) throw new Error(`invalid earlyMarginMs: ${margin}`);
  const ordered = [...incs].sort((a, b) => a.failureStart - b.failureStart);
  const alarms: (AlarmMatch | null)[] = events.map(() => null);
  const firstAlarm = new Map<Incident, number>();
  for (const inc of ordered) {
    let from = inc.failureStart - margin;
    if (options.matchPrecursor && inc.precursorStart !== null) from = Math.min(from, inc.precursorStart);
    events.forEach((ev, k) => {
      if (!(ev.start < inc.failureEnd && ev.end > from)) return;
      firstAlarm.set(inc, Math.min(firstAlarm.get(inc) ?? Infinity, ev.start));
      if (alarms[k] !== null) return;
      const phase: MatchPhase =
        ev.end > inc.failureStart ? 'failure' : inc.precursorStart !== null && ev.end > inc.precursorStart ? 'precursor' : 'early-margin';
      alarms[k] = { incidentId: inc.incidentId, kind: inc.kind, phase };
    });
  }
  return { alarms, incidents: incs.map((incident) => ({ incident, firstAlarm: firstAlarm.get(incident) ?? null })) };
}
