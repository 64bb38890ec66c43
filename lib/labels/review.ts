/**
 * The user's verdict on an alarm of their own logs, given in the Evaluate cell's drill-down:
 * "this was an incident" or "false alarm". Both are kept in the spec (so a link carries them).
 *
 * A confirmation also becomes a labeled failure (the alarm's first window start → last window
 * end): from then on it is an incident like any other, and every metric counts it. A dismissal is
 * a record only: it changes no metric. An unlabeled alarm already counts as a false alarm, so
 * turning a dismissal into a "normal" label would change nothing in the numbers, while making it
 * cut windows out of the test span would redefine precision and false alarms/day silently.
 */
import { LABEL_KIND, rowsOfSpans, spansOf, type LabelSpan } from './file';
import type { RunnableName } from '../eval/names';

export const VERDICTS = ['incident', 'false-alarm'] as const;
type Verdict = (typeof VERDICTS)[number];

/** One reviewed alarm: epoch ms UTC, [start, end) = its first window's start → its last window's end. */
export interface AlarmReview {
  start: number;
  end: number;
  /** the detector whose alarm was reviewed */
  detector: RunnableName;
  verdict: Verdict;
}

/** A link carries the reviews; past this many a review is refused (a link stays short). */
export const MAX_REVIEWS = 500;

/** The span an alarm covers: from its first window's start to its last window's end. */
export function alarmSpan(starts: ArrayLike<number>, first: number, last: number, windowMs: number): { start: number; end: number } {
  if (!(first >= 0 && last >= first && last < starts.length)) throw new Error(`invalid alarm windows: ${first}..${last} of ${starts.length}`);
  if (!(windowMs > 0)) throw new Error(`invalid window length: ${windowMs} ms`);
  return { start: starts[first], end: starts[last] + windowMs };
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/**
 * The review that covers an alarm: one of the same detector and span first, else the latest one
 * whose span overlaps it (a dismissed quarter of an hour stays dismissed when the threshold moves
 * and the alarm grows or shrinks by a window, or when another detector alarms there). null = none.
 */
export function reviewOf(reviews: readonly AlarmReview[] | undefined, alarm: { start: number; end: number; detector: string }): AlarmReview | null {
  if (!reviews) return null;
  const same = reviews.find((r) => r.detector === alarm.detector && r.start === alarm.start && r.end === alarm.end);
  if (same) return same;
  for (let i = reviews.length - 1; i >= 0; i--) if (overlaps(reviews[i], alarm)) return reviews[i];
  return null;
}

export interface Reviewed {
  labels: LabelSpan[];
  reviews: AlarmReview[];
}

/** Reviews without any earlier verdict on exactly this alarm (a new verdict replaces the old). */
function without(reviews: readonly AlarmReview[], alarm: { start: number; end: number; detector: RunnableName }): AlarmReview[] {
  return reviews.filter((r) => !(r.detector === alarm.detector && r.start === alarm.start && r.end === alarm.end));
}

function checkRoom(reviews: readonly AlarmReview[]): void {
  if (reviews.length >= MAX_REVIEWS) throw new Error(`${MAX_REVIEWS} alarms are reviewed already; a link carries at most ${MAX_REVIEWS}`);
}

/**
 * "This was an incident": the alarm's span becomes a labeled failure of `kind` (the spec keeps
 * labels in time order) and the review is recorded. A dismissal of the same alarm is replaced.
 */
export function confirmAlarm(labels: readonly LabelSpan[] | undefined, reviews: readonly AlarmReview[] | undefined, alarm: { start: number; end: number; detector: RunnableName }, kind: string): Reviewed {
  if (!LABEL_KIND.test(kind)) throw new Error(`kind "${kind}": expected 1–40 letters, digits or . _ : -`);
  if (!(alarm.end > alarm.start)) throw new Error('an alarm must end after it starts');
  const rest = without(reviews ?? [], alarm);
  checkRoom(rest);
  const label: LabelSpan = { start: alarm.start, end: alarm.end, kind, phase: 'failure' };
  const had = (labels ?? []).some((l) => l.start === label.start && l.end === label.end && l.kind === label.kind && l.phase === label.phase);
  return {
    labels: had ? [...(labels ?? [])] : spansOf(rowsOfSpans([...(labels ?? []), label])),
    reviews: [...rest, { start: alarm.start, end: alarm.end, detector: alarm.detector, verdict: 'incident' }],
  };
}

/** "False alarm": recorded only; the labels and so every metric stay as they were. */
export function dismissAlarm(reviews: readonly AlarmReview[] | undefined, alarm: { start: number; end: number; detector: RunnableName }): AlarmReview[] {
  if (!(alarm.end > alarm.start)) throw new Error('an alarm must end after it starts');
  const rest = without(reviews ?? [], alarm);
  checkRoom(rest);
  return [...rest, { start: alarm.start, end: alarm.end, detector: alarm.detector, verdict: 'false-alarm' }];
}

/**
 * Takes a verdict back. Undoing a confirmation also removes the label it added (the failure span
 * equal to the alarm's), if the user has not changed or deleted it since.
 */
export function undoReview(labels: readonly LabelSpan[] | undefined, reviews: readonly AlarmReview[] | undefined, review: AlarmReview): Reviewed {
  const rest = without(reviews ?? [], review);
  const kept = review.verdict === 'incident' ? (labels ?? []).filter((l) => !(l.phase === 'failure' && l.start === review.start && l.end === review.end)) : [...(labels ?? [])];
  return { labels: kept, reviews: rest };
}

/** How many alarms the user confirmed and dismissed. */
export function reviewCounts(reviews: readonly AlarmReview[] | undefined): { confirmed: number; dismissed: number } {
  let confirmed = 0;
  let dismissed = 0;
  for (const r of reviews ?? []) {
    if (r.verdict === 'incident') confirmed++;
    else dismissed++;
  }
  return { confirmed, dismissed };
}
