/**
 * Detector names, apart from the registry so the spec schema and the page can list them without
 * loading the detectors (tfjs and friends load in the model worker only).
 */
export const DETECTOR_NAMES = ['isolation-forest', 'robust-z', 'ml-isolation-forest', 'ewma', 'autoencoder', 'knn-prefailure', 'conformal-knn', 'spectral-residual'] as const;
export type DetectorName = (typeof DETECTOR_NAMES)[number];

/** Rank-average of every other detector in the run (not a fitted model of its own). */
export const ENSEMBLE = 'ensemble';

export const RUNNABLE_NAMES = [...DETECTOR_NAMES, ENSEMBLE] as const;
export type RunnableName = (typeof RUNNABLE_NAMES)[number];

export const DETECTOR_LABELS: Record<RunnableName, { title: string; what: string }> = {
  'isolation-forest': { title: 'Isolation Forest', what: 'Liu et al. 2008, written here: short isolation paths = anomalous' },
  'robust-z': { title: 'Robust z-score', what: 'largest |x − median| / MAD over the features' },
  'ml-isolation-forest': { title: 'ml-isolation-forest', what: 'the ml-isolation-forest package, for comparison' },
  ewma: { title: 'EWMA chart', what: 'exponentially weighted control chart per feature' },
  autoencoder: { title: 'AutoEncoder', what: 'tfjs dense autoencoder: reconstruction error' },
  'knn-prefailure': { title: 'KNN failure predictor', what: 'calibrated probability that a failure is coming, from the run-ups of past failures' },
  'conformal-knn': { title: 'Conformal k-NN', what: 'Burnaev & Ishimtsev 2016: 1 − conformal p-value of the k-NN distance to recent patterns' },
  'spectral-residual': { title: 'Spectral residual', what: 'Ren et al. 2019: saliency of the newest row in its window’s spectrum, largest over features' },
  ensemble: { title: 'Ensemble', what: 'rank average of the other anomaly detectors' },
};
