import type { LabelRow } from '../labels/types';
import { alarms, checkSameLength, checkScores, checkStarts, median } from './input';
import { incidents, matchIncidents, type AlarmMatch } from './match';

export { incidents, type Incident } from './match';

const DAY_MS = 86_400_000;

/** Consecutive alarm windows merged into one alarm, as an operator would be paged once. */
export interface AlarmEvent {
  firstIndex: number;
  lastIndex: number;
  /** epoch ms: start of the first window */
  start: number;
  /** epoch ms, exclusive: end of the last window */
  end: number;
}

export interface EventOptions {
  /** ms before failure start in which an alarm still counts as a detection; default 600 000 (10 min) */
  earlyMarginMs?: number;
  /** also accept alarms from the incident's precursor start on (when earlier than the margin); default false */
  matchPrecursor?: boolean;
  /** length of the evaluated span in days; default: covered span of the windows */
  days?: number;
}

const eventDefaults = { earlyMarginMs: 600_000, matchPrecursor: false } as const;

export interface IncidentResult {
  incidentId: string;
  kind: string;
  failureStart: number;
  failureEnd: number;
  /** earliest precursor start, null when the incident has no precursor phase */
  precursorStart: number | null;
  detected: boolean;
  /** start of the earliest matching alarm event, null when undetected */
  firstAlarm: number | null;
  /** failureStart − firstAlarm (negative = late), only for detected incidents with a precursor */
  leadMs: number | null;
}

export interface EventMetrics {
  events: AlarmEvent[];
  /** per event (same order): the incident it detected, by `matchIncidents`; null for a false alarm */
  matches: (AlarmMatch | null)[];
  incidents: IncidentResult[];
  eventsDetected: number;
  eventsTotal: number;
  /** alarm events matching no incident */
  falseAlarmEvents: number;
  days: number;
  falseAlarmsPerDay: number;
  /** median leadMs over detected incidents with a precursor; null when there are none */
  medianLeadMs: number | null;
}

/**
 * Alarm events: windows with score ≥ threshold, merged while they are consecutive in index and
 * adjacent in time (a gap in the windows ends an event).
 */
export function alarmEvents(starts: readonly number[], scores: readonly number[], windowMs: number, threshold: number): AlarmEvent[] {
  checkStarts(starts, windowMs);
  checkSameLength(starts, scores, 'starts/scores');
  checkScores(scores);
  const alarm = alarms(scores, threshold);
  const out: AlarmEvent[] = [];
  let cur: AlarmEvent | null = null;
  for (let i = 0; i < starts.length; i++) {
    if (!alarm[i]) {
      cur = null;
      continue;
    }
    if (cur && cur.lastIndex === i - 1 && starts[i] - starts[i - 1] <= windowMs) {
      cur.lastIndex = i;
      cur.end = starts[i] + windowMs;
    } else {
      cur = { firstIndex: i, lastIndex: i, start: starts[i], end: starts[i] + windowMs };
      out.push(cur);
    }
  }
  return out;
}

/**
 * Event-level evaluation. An incident is detected when an alarm event overlaps
 * [failure start − earlyMarginMs, failure end) (from the precursor start instead, if
 * `matchPrecursor` and it is earlier). Only incidents whose failure overlaps the evaluated span
 * [starts[0], starts[last] + windowMs) count, so the caller can pass the test slice alone.
 * Lead time is failure start − start of the earliest matching event: the moment someone was paged.
 */
export function eventMetrics(
  starts: readonly number[],
  scores: readonly number[],
  windowMs: number,
  labels: readonly LabelRow[],
  threshold: number,
  options: EventOptions = {},
): EventMetrics {
  const margin = options.earlyMarginMs ?? eventDefaults.earlyMarginMs;
  if (!(margin >= 0 && Number.isFinite(margin))) throw new Error(`invalid earlyMarginMs: ${margin}`);
  const matchPrecursor = options.matchPrecursor ?? eventDefaults.matchPrecursor;
  const events = alarmEvents(starts, scores, windowMs, threshold);
  if (starts.length === 0) throw new Error('eventMetrics needs at least one window');
  const spanStart = starts[0];
  const spanEnd = starts[starts.length - 1] + windowMs;
  const days = options.days ?? (spanEnd - spanStart) / DAY_MS;
  if (!(days > 0 && Number.isFinite(days))) throw new Error(`invalid days: ${days}`);

  const counted = incidents(labels).filter((inc) => inc.failureStart < spanEnd && inc.failureEnd > spanStart);
  const m = matchIncidents(events, counted, { earlyMarginMs: margin, matchPrecursor });
  const results: IncidentResult[] = m.incidents.map(({ incident: inc, firstAlarm }) => ({
    ...inc,
    detected: firstAlarm !== null,
    firstAlarm,
    leadMs: firstAlarm !== null && inc.precursorStart !== null ? inc.failureStart - firstAlarm : null,
  }));
  const falseAlarmEvents = m.alarms.filter((a) => a === null).length;
  const leads = results.flatMap((r) => (r.leadMs === null ? [] : [r.leadMs]));
  return {
    events,
    matches: m.alarms,
    incidents: results,
    eventsDetected: results.filter((r) => r.detected).length,
    eventsTotal: results.length,
    falseAlarmEvents,
    days,
    falseAlarmsPerDay: falseAlarmEvents / days,
    medianLeadMs: median(leads),
  };
}
