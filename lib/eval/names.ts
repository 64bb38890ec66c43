/**
 * Detector names, apart from the registry so the spec schema and the page can list them without
 * loading the detectors (tfjs and friends load in the model worker only).
 */
export const DETECTOR_NAMES = ['isolation-forest', 'robust-z', 'ml-isolation-forest', 'ewma', 'autoencoder', 'knn-prefailure'] as const;
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
  ensemble: { title: 'Ensemble', what: 'rank average of the other anomaly detectors' },
};
