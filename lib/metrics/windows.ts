import type { LabelRow } from '../labels/types';
import { alarms, checkSameLength, checkScores, checkStarts, prf } from './input';

/** Ground truth per window, derived from labeled incident phases. */
export interface WindowTruth {
  /** window overlaps a failure phase */
  positive: boolean[];
  /** window overlaps a precursor phase and no failure phase */
  precursor: boolean[];
}

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface WindowMetrics {
  /** counts over failure (positive) and normal windows; precursor windows are left out */
  confusion: Confusion;
  precision: number;
  recall: number;
  f1: number;
  /** precursor windows in the input (neither positive nor negative) */
  precursorWindows: number;
  /** precursor windows that alarmed: early warnings, reported apart from the counts above */
  precursorAlarms: number;
}

/** Window [start, start + windowMs) overlaps the label's [start, end). */
function overlaps(start: number, windowMs: number, label: LabelRow): boolean {
  return start < label.end && start + windowMs > label.start;
}

/**
 * Labels each window: positive if it overlaps any failure phase; precursor if it overlaps a
 * precursor phase but no failure phase. Label ends are exclusive (LabelRow contract).
 */
export function windowTruth(starts: readonly number[], windowMs: number, labels: readonly LabelRow[]): WindowTruth {
  checkStarts(starts, windowMs);
  for (const l of labels) {
    if (!(Number.isFinite(l.start) && Number.isFinite(l.end) && l.end > l.start)) {
      throw new Error(`invalid label span for ${l.incidentId}/${l.phase}: [${l.start}, ${l.end})`);
    }
  }
  const failures = labels.filter((l) => l.phase === 'failure');
  const precursors = labels.filter((l) => l.phase === 'precursor');
  const positive = starts.map((t) => failures.some((l) => overlaps(t, windowMs, l)));
  const precursor = starts.map((t, i) => !positive[i] && precursors.some((l) => overlaps(t, windowMs, l)));
  return { positive, precursor };
}

/** Confusion counts at a threshold (alarm = score ≥ threshold); `exclude` marks windows to skip. */
export function confusion(scores: readonly number[], positive: readonly boolean[], threshold: number, exclude?: readonly boolean[]): Confusion {
  checkSameLength(scores, positive, 'scores/positive');
  if (exclude) checkSameLength(scores, exclude, 'scores/exclude');
  checkScores(scores);
  const alarm = alarms(scores, threshold);
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < scores.length; i++) {
    if (exclude?.[i]) continue;
    if (positive[i]) {
      if (alarm[i]) c.tp++;
      else c.fn++;
    } else if (alarm[i]) c.fp++;
    else c.tn++;
  }
  return c;
}

/**
 * Window-level precision / recall / F1 at a threshold. Precursor windows are excluded from the
 * confusion counts: an alarm there is an early warning, not a false positive, yet counting it as
 * a hit would reward detectors that fire on the precursor only. Their alarms are reported apart.
 * Precision (recall) is 0 when nothing alarms (nothing is positive), as sklearn's zero_division=0.
 */
export function windowMetrics(scores: readonly number[], truth: WindowTruth, threshold: number): WindowMetrics {
  checkSameLength(scores, truth.precursor, 'scores/precursor');
  const c = confusion(scores, truth.positive, threshold, truth.precursor);
  let precursorWindows = 0;
  let precursorAlarms = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!truth.precursor[i]) continue;
    precursorWindows++;
    if (scores[i] >= threshold) precursorAlarms++;
  }
  return { confusion: c, ...prf(c.tp, c.fp, c.fn), precursorWindows, precursorAlarms };
}
