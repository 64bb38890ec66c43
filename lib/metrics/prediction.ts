/**
 * Prediction metrics: did a warning come before the failure, how early, and how often a warning
 * was followed by a failure. Pure functions of (window starts, scores, threshold, labels).
 *
 * Timing: a window's score exists once the window is complete, so a warning event (consecutive
 * windows at or above the threshold, as in ./events) is raised at the end of its first window and
 * stays up until the end of the window after its last one.
 * - A failure is warned when a warning is up at some point of its labeled run-up
 *   [precursor start, failure start); its lead is failure start − the first such moment (so a
 *   warning that happened to be up before the run-up began counts from the run-up's start).
 * - A warning is followed when a failure (any kind) starts after it is raised: within the horizon H,
 *   or later while it is still up (it held until the failure came, as on a run-up longer than H).
 * - A false warning is neither followed nor raised during a labeled incident.
 * Recall is over predictable failures only: a run-up labeled and its kind among `learnableKinds`.
 * Sudden failures (no run-up), kinds whose training run-ups left no trace in the features and kinds
 * never seen running up in training are reported with their warnings, not counted as misses.
 */
import type { LabelRow } from '../labels/types';
import { alarmEvents, incidents } from './events';
import { median } from './input';

const DAY_MS = 86_400_000;

export interface PredictionOptions {
  /** ms after a warning is raised within which a failure must start for the warning to count as followed */
  horizonMs: number;
  /** failure kinds with a labeled run-up in training: only these count toward recall */
  learnableKinds: readonly string[];
  /** failure kinds whose training run-ups did not show in the features; default none */
  faintKinds?: readonly string[];
  /** a warning raised again within this many ms of being lifted continues the same warning (no second page); default 0 */
  rearmMs?: number;
}

/**
 * learnable: counted in recall; sudden: no run-up labeled; faint: its kind's training run-ups did
 * not show in the features; unseen: a run-up, but its kind had none in training.
 */
export type FailureStatus = 'learnable' | 'sudden' | 'faint' | 'unseen';

export interface FailureOutcome {
  incidentId: string;
  kind: string;
  status: FailureStatus;
  precursorStart: number | null;
  failureStart: number;
  /** a warning was up during the run-up, before the failure phase began */
  warned: boolean;
  /** epoch ms of the first moment a warning was up in the run-up; null when not warned */
  firstWarning: number | null;
  /** failureStart − firstWarning; null when not warned */
  leadMs: number | null;
}

export type WarningOutcome = 'followed' | 'during-incident' | 'false';

export interface Warning {
  firstIndex: number;
  lastIndex: number;
  /** epoch ms the warning is raised: the end of its first window */
  raisedAt: number;
  /** epoch ms the warning is lifted: the end of the window after its last */
  liftedAt: number;
  outcome: WarningOutcome;
  /** the failure that followed (the first to start within the horizon), else null */
  followedBy: string | null;
}

export interface PredictionMetrics {
  warnings: Warning[];
  /** failures starting in the span, by failure start */
  failures: FailureOutcome[];
  /** learnable failures warned, of learnable failures */
  warned: number;
  predictable: number;
  /** failures with a labeled run-up of any kind warned, of those failures (learnable or not) */
  warnedAnyRunUp: number;
  withRunUp: number;
  medianLeadMs: number | null;
  followed: number;
  /** followed / warnings; null without warnings */
  followedShare: number | null;
  falseWarnings: number;
  days: number;
  falseWarningsPerDay: number;
  /**
   * Share of the span's time from which a failure starts within the horizon: the followed share a
   * warning raised at a random moment would get. A followed share near it means no skill.
   */
  chanceShare: number;
  /** per kind: failures warned (whatever their status) of the kind's failures in the span */
  byKind: Record<string, { status: FailureStatus; warned: number; total: number }>;
}

export function predictionMetrics(
  starts: readonly number[],
  scores: readonly number[],
  windowMs: number,
  labels: readonly LabelRow[],
  threshold: number,
  options: PredictionOptions,
): PredictionMetrics {
  const H = options.horizonMs;
  if (!(H > 0 && Number.isFinite(H))) throw new Error(`invalid horizonMs: ${H}`);
  if (starts.length === 0) throw new Error('predictionMetrics needs at least one window');
  const events = alarmEvents(starts, scores, windowMs, threshold);
  const spanStart = starts[0];
  const spanEnd = starts[starts.length - 1] + windowMs;
  const days = (spanEnd - spanStart) / DAY_MS;
  const learnable = new Set(options.learnableKinds);
  const faint = new Set(options.faintKinds ?? []);
  const all = incidents(labels);
  const rearm = options.rearmMs ?? 0;
  if (!(rearm >= 0 && Number.isFinite(rearm))) throw new Error(`invalid rearmMs: ${rearm}`);
  const up: { from: number; to: number; firstIndex: number; lastIndex: number }[] = [];
  for (const e of events) {
    const last = up[up.length - 1];
    if (last && e.start + windowMs - last.to < rearm) {
      last.to = e.end + windowMs;
      last.lastIndex = e.lastIndex;
    } else up.push({ from: e.start + windowMs, to: e.end + windowMs, firstIndex: e.firstIndex, lastIndex: e.lastIndex });
  }

  const failures: FailureOutcome[] = [];
  for (const inc of all) {
    if (!(inc.failureStart >= spanStart && inc.failureStart < spanEnd)) continue;
    const status: FailureStatus = inc.precursorStart === null ? 'sudden' : learnable.has(inc.kind) ? 'learnable' : faint.has(inc.kind) ? 'faint' : 'unseen';
    let firstWarning: number | null = null;
    if (inc.precursorStart !== null) {
      for (const w of up) {
        if (w.from < inc.failureStart && w.to > inc.precursorStart) {
          firstWarning = Math.max(w.from, inc.precursorStart);
          break;
        }
      }
    }
    failures.push({
      incidentId: inc.incidentId,
      kind: inc.kind,
      status,
      precursorStart: inc.precursorStart,
      failureStart: inc.failureStart,
      warned: firstWarning !== null,
      firstWarning,
      leadMs: firstWarning === null ? null : inc.failureStart - firstWarning,
    });
  }

  const warnings: Warning[] = up.map((w) => {
    const raisedAt = w.from;
    const next = all.find((inc) => inc.failureStart > raisedAt && (inc.failureStart <= raisedAt + H || inc.failureStart < w.to));
    const during = all.some((inc) => raisedAt >= (inc.precursorStart ?? inc.failureStart) && raisedAt < inc.failureEnd);
    const outcome: WarningOutcome = next ? 'followed' : during ? 'during-incident' : 'false';
    return { firstIndex: w.firstIndex, lastIndex: w.lastIndex, raisedAt, liftedAt: w.to, outcome, followedBy: next?.incidentId ?? null };
  });

  // union of [failure start − H, failure start] over every failure, within the span
  let covered = 0;
  let reach = -Infinity;
  for (const inc of all) {
    const a = Math.max(spanStart, inc.failureStart - H, reach);
    const b = Math.min(spanEnd, inc.failureStart);
    if (b > a) covered += b - a;
    reach = Math.max(reach, b);
  }

  const byKind: PredictionMetrics['byKind'] = {};
  for (const f of failures) {
    const k = (byKind[f.kind] ??= { status: f.status, warned: 0, total: 0 });
    k.total++;
    if (f.warned) k.warned++;
    // one kind can be learnable while one of its incidents lacks a labeled run-up: the kind is as learnable as its best
    if (f.status === 'learnable') k.status = 'learnable';
  }
  const counted = failures.filter((f) => f.status === 'learnable');
  const followed = warnings.filter((w) => w.outcome === 'followed').length;
  const falseWarnings = warnings.filter((w) => w.outcome === 'false').length;
  return {
    warnings,
    failures,
    warned: counted.filter((f) => f.warned).length,
    predictable: counted.length,
    warnedAnyRunUp: failures.filter((f) => f.status !== 'sudden' && f.warned).length,
    withRunUp: failures.filter((f) => f.status !== 'sudden').length,
    medianLeadMs: median(counted.flatMap((f) => (f.leadMs === null ? [] : [f.leadMs]))),
    followed,
    followedShare: warnings.length ? followed / warnings.length : null,
    falseWarnings,
    days,
    falseWarningsPerDay: falseWarnings / days,
    chanceShare: covered / (spanEnd - spanStart),
    byKind,
  };
}
