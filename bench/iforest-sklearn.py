"""scikit-learn's IsolationForest on a CSV of features, for bench/iforest-compare.ts.

usage: iforest-sklearn.py IN.csv OUT.csv [--seed N] [--repeat R]
IN.csv: one row per sample, numeric features only, no header. OUT.csv: one score per line,
-score_samples (= 2^(-E[h]/c(psi)), the paper's s, higher = more anomalous). Prints a JSON object with
the best-of-R fit and score times in ms (CSV reading excluded) on stdout.
"""
import argparse
import json
import time

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    X = np.loadtxt(a.inp, delimiter=",", ndmin=2)
    fit_ms, score_ms, scores = [], [], None
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        model = IsolationForest(n_estimators=100, max_samples=256, random_state=a.seed).fit(X)
        t1 = time.perf_counter()
        scores = -model.score_samples(X)
        t2 = time.perf_counter()
        fit_ms.append((t1 - t0) * 1000)
        score_ms.append((t2 - t1) * 1000)
    np.savetxt(a.out, scores, fmt="%.17g")
    print(json.dumps({"sklearn": sklearn.__version__, "rows": X.shape[0], "features": X.shape[1],
                      "fit_ms": min(fit_ms), "score_ms": min(score_ms),
                      "fit_ms_runs": fit_ms, "score_ms_runs": score_ms}))


if __name__ == "__main__":
    main()
