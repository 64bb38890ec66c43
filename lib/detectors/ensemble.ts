/**
 * Rank-average ensemble: each detector's scores become ranks scaled to [0, 1], which puts detectors
 * with unrelated units (probabilities, z-scores, counts) on one scale; the ensemble score is the
 * mean scaled rank. Ties share the average of their ranks, so a detector that scores many windows
 * alike neither rewards nor punishes any of them.
 *
 * The evaluation ranks against the training span only (`trainingRankAverage`): a window's rank is
 * where its score falls among the training windows' scores, so appending future windows never
 * moves a past window's ensemble score. `rankAverage` ranks a whole array against itself and is
 * kept for scores that are all in the past (it must not be used on a span that holds the future).
 * Post-processed scores (the anomaly likelihood) already share one scale, a log tail probability,
 * and mostly sit at the same low level in training, where ranks would tie: those are averaged as
 * they are (`ensembleOf`).
 */

/**
 * Scaled ranks of one score array: the lowest score gets 0 and the highest 1, ties the mean of the
 * ranks they span; (rank − 1) / (n − 1). A single window gets 0.5; all-equal scores all get 0.5.
 */
export function scaledRanks(scores: Float64Array): Float64Array {
  const n = scores.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (n === 1) {
    out[0] = 0.5;
    return out;
  }
  // A comparator, not subtraction: Infinity − Infinity is NaN and would scramble the sort.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] < scores[b] ? -1 : scores[a] > scores[b] ? 1 : 0));
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && scores[order[j]] === scores[order[i]]) j++;
    // Positions i..j−1 (0-based) tie: their mean 0-based rank is (i + j − 1) / 2.
    const r = (i + j - 1) / 2 / (n - 1);
    for (let k = i; k < j; k++) out[order[k]] = r;
    i = j;
  }
  return out;
}

export function rankAverage(scoreArrays: readonly Float64Array[]): Float64Array {
  if (scoreArrays.length === 0) throw new Error('rankAverage: no score arrays given');
  const n = scoreArrays[0].length;
  scoreArrays.forEach((s, m) => {
    if (s.length !== n) throw new Error(`rankAverage: score array ${m} has ${s.length} windows, expected ${n}`);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(s[i])) throw new Error(`rankAverage: NaN score at array ${m}, window ${i}`);
    }
  });
  const out = new Float64Array(n);
  for (const s of scoreArrays) {
    const r = scaledRanks(s);
    for (let i = 0; i < n; i++) out[i] += r[i];
  }
  for (let i = 0; i < n; i++) out[i] /= scoreArrays.length;
  return out;
}

/**
 * Where `s` falls among `sortedRef` (ascending), as a mid-rank share in [0, 1]:
 * (count below + half the count equal) / n. A score above every reference scores 1, below 0.
 */
export function midRank(sortedRef: Float64Array, s: number): number {
  const n = sortedRef.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (sortedRef[m] < s) lo = m + 1;
    else hi = m;
  }
  const below = lo;
  hi = n;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (sortedRef[m] <= s) lo = m + 1;
    else hi = m;
  }
  return (below + (lo - below) / 2) / n;
}

/**
 * Causal rank average: each member's score at every window is ranked against that member's scores
 * on the training windows [0, trainEnd) (mid-ranks, see `midRank`), and the ranks are averaged.
 * Nothing after the training span affects any window's value.
 */
export function trainingRankAverage(scoreArrays: readonly Float64Array[], trainEnd: number): Float64Array {
  if (scoreArrays.length === 0) throw new Error('trainingRankAverage: no score arrays given');
  const n = scoreArrays[0].length;
  if (!Number.isInteger(trainEnd) || trainEnd < 1 || trainEnd > n) throw new Error(`trainingRankAverage: invalid training span end ${trainEnd} for ${n} windows`);
  const out = new Float64Array(n);
  scoreArrays.forEach((s, m) => {
    if (s.length !== n) throw new Error(`trainingRankAverage: score array ${m} has ${s.length} windows, expected ${n}`);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(s[i])) throw new Error(`trainingRankAverage: NaN score at array ${m}, window ${i}`);
    }
    const ref = Float64Array.from(s.subarray(0, trainEnd)).sort();
    for (let i = 0; i < n; i++) out[i] += midRank(ref, s[i]);
  });
  for (let i = 0; i < n; i++) out[i] /= scoreArrays.length;
  return out;
}

/**
 * The ensemble of a run's anomaly detectors: the mean of their scores when they were post-processed
 * onto the common likelihood scale, else the rank average against the training windows [0, trainEnd).
 * Causal either way.
 */
export function ensembleOf(members: readonly Float64Array[], trainEnd: number, postProcessed: boolean): Float64Array {
  if (!postProcessed) return trainingRankAverage(members, trainEnd);
  if (members.length === 0) throw new Error('ensemble: no member scores given');
  const n = members[0].length;
  const out = new Float64Array(n);
  members.forEach((s, m) => {
    if (s.length !== n) throw new Error(`ensemble: member ${m} has ${s.length} windows, expected ${n}`);
    for (let i = 0; i < n; i++) out[i] += s[i];
  });
  for (let i = 0; i < n; i++) out[i] /= members.length;
  return out;
}
