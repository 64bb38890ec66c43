/**
 * Rank-average ensemble: each detector's scores become ranks scaled to [0, 1], which puts detectors
 * with unrelated units (probabilities, z-scores, counts) on one scale; the ensemble score is the
 * mean scaled rank. Ties share the average of their ranks, so a detector that scores many windows
 * alike neither rewards nor punishes any of them.
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
