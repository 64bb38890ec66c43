// Our Isolation Forest beside scikit-learn's on the same seeded data (bench/iforest-compare.ts).
import { compare } from './iforest-compare';

export function iforestSection(): string {
  let r: ReturnType<typeof compare>;
  try {
    r = compare(10_000, 16);
  } catch (e) {
    return `## Isolation Forest vs scikit-learn\n\nNot measured: ${e instanceof Error ? e.message : String(e)} (Debian: apt-get install python3-sklearn).\n`;
  }
  const f = (v: number, d = 3) => v.toFixed(d);
  return `## Isolation Forest vs scikit-learn (${r.rows.toLocaleString('en-US')} × ${r.features}, ${r.outliers} planted outliers)

Same data (seeded Gaussian + planted outliers), 100 trees, ψ = 256, both fitted and scored on all rows;
scikit-learn ${r.sklearn_version} IsolationForest, scores = −score_samples. Times: best of 5. Target: ours / sklearn ≤ 1.0.

| | ours | scikit-learn |
|---|---:|---:|
| fit ms | ${f(r.ours_fit_ms, 1)} | ${f(r.sklearn_fit_ms, 1)} |
| score ms | ${f(r.ours_score_ms, 1)} | ${f(r.sklearn_score_ms, 1)} |
| ROC-AUC on planted outliers (seed 0 / 1) | ${f(r.auc_ours, 4)} / ${f(r.auc_ours_seed1, 4)} | ${f(r.auc_sklearn, 4)} / ${f(r.auc_sklearn_seed1, 4)} |
| Spearman, seed 0 vs seed 1 of the same library | ${f(r.spearman_ours_seed0_vs_seed1, 4)} | ${f(r.spearman_sklearn_seed0_vs_seed1, 4)} |

Ours vs scikit-learn: Spearman ${f(r.spearman_ours_vs_sklearn, 4)}, |score difference| max ${f(r.max_abs_diff, 4)}, mean ${f(r.mean_abs_diff, 4)}
(scikit-learn against itself with another seed: max ${f(r.max_abs_diff_sklearn_seeds, 4)}). Time ratio (fit + score): **${f(r.ratio_fit_plus_score)}**.
`;
}
