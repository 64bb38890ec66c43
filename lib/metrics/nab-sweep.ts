/**
 * NAB threshold sweep, as NAB's own optimiser does it (numenta/NAB `nab/sweeper.py` +
 * `nab/optimizer.py`): every distinct anomaly score over all files is a candidate threshold, and
 * the corpus score at each is found in one pass over the rows sorted by score, highest first.
 * This is exact (no grid): the score can only change at an observed anomaly score.
 */
import type { NabCostMatrix, NabFileInput } from './nab';
import { NAB_PROBATION_PERCENT, nabRowLayout } from './nab';

export interface NabThresholdScore {
  /** Rows with anomalyScore >= threshold are detections; Infinity = nothing detected. */
  readonly threshold: number;
  /** Summed raw NAB score over the files. */
  readonly score: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
}

interface ScorablePoint {
  readonly anomalyScore: number;
  /** Corpus-wide window id, -1 outside windows. */
  readonly window: number;
  readonly value: number;
}

/**
 * Corpus score for every candidate threshold, in decreasing threshold order. The first entry
 * (threshold Infinity) is the no-detection baseline.
 */
export function nabSweep(
  files: readonly NabFileInput[],
  profile: NabCostMatrix,
  probationPercent = NAB_PROBATION_PERCENT,
): NabThresholdScore[] {
  const points: ScorablePoint[] = [];
  const windowBest: number[] = [];
  for (const file of files) {
    const layout = nabRowLayout(file, profile, probationPercent);
    const offset = windowBest.length;
    // Every window starts missed, including one wholly in probation (it can never be detected).
    for (let k = 0; k < layout.windowRows.length; k++) windowBest.push(-profile.fnWeight);
    for (let i = Math.ceil(layout.probationLength); i < file.timestamps.length; i++) {
      const k = layout.windowOf[i]!;
      points.push({ anomalyScore: file.anomalyScores[i]!, window: k < 0 ? -1 : offset + k, value: layout.rowValue[i]! });
    }
  }
  points.sort((a, b) => b.anomalyScore - a.anomalyScore);

  let windowSum = windowBest.reduce((s, v) => s + v, 0);
  let fpSum = 0;
  let tp = 0;
  let fp = 0;
  let fn = points.filter((p) => p.window >= 0).length;
  let tn = points.length - fn;
  const out: NabThresholdScore[] = [{ threshold: Infinity, score: windowSum, tp, fp, fn, tn }];
  for (let j = 0; j < points.length; j++) {
    const p = points[j]!;
    if (p.window >= 0) {
      tp++;
      fn--;
      const before = windowBest[p.window]!;
      if (p.value > before) {
        windowSum += p.value - before;
        windowBest[p.window] = p.value;
      }
    } else {
      fp++;
      tn--;
      fpSum += p.value;
    }
    const next = points[j + 1];
    if (!next || next.anomalyScore !== p.anomalyScore) {
      out.push({ threshold: p.anomalyScore, score: windowSum + fpSum, tp, fp, fn, tn });
    }
  }
  return out;
}

/**
 * The threshold with the highest corpus score; ties go to the highest threshold (NAB sorts its
 * descending-threshold list by score with a stable sort and takes the first).
 */
export function nabOptimiseThreshold(
  files: readonly NabFileInput[],
  profile: NabCostMatrix,
  probationPercent = NAB_PROBATION_PERCENT,
): NabThresholdScore {
  const sweep = nabSweep(files, profile, probationPercent);
  let best = sweep[0]!;
  for (const s of sweep) if (s.score > best.score) best = s;
  return best;
}
