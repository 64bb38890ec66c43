/**
 * Training on two cores: the page's model worker runs most detectors while a second worker trains
 * the slowest independent one, and the two part-runs are merged into the run one worker would have
 * produced. That holds because every detector's fit and score depend only on the frame, the config
 * and its own seeded generator (detectorRng(seed, name)), never on another detector; the ensemble,
 * the one step that reads other detectors' scores, is computed after the merge by the same
 * `ensembleResult` as in evaluateFrame.
 */
import { ENSEMBLE } from './names';
import { ensembleResult, type DetectorResult, type EvalConfig, type EvalRun } from './evaluate';

/**
 * Detectors trained in the second worker: predictors with their own threshold (never ensemble
 * members). The KNN predictor needs no tfjs, so that worker never loads it; the rest (the
 * AutoEncoder's tfjs among them) run in the first.
 */
const SECOND_WORKER: readonly string[] = ['knn-prefailure'];

/**
 * The config's detectors as two part-configs (the first one holds the ensemble, if any, with all
 * its members), or null when one worker has nothing to do and splitting would only cost a second
 * copy of the frame.
 */
export function splitConfig(config: EvalConfig): [EvalConfig, EvalConfig] | null {
  const own = config.detectors.filter((d) => d !== ENSEMBLE);
  const second = own.filter((d) => SECOND_WORKER.includes(d));
  const first = own.filter((d) => !SECOND_WORKER.includes(d));
  if (first.length === 0 || second.length === 0) return null;
  const ensemble = config.detectors.includes(ENSEMBLE) ? [ENSEMBLE] : [];
  return [
    { ...config, detectors: [...first, ...ensemble] },
    { ...config, detectors: second },
  ];
}

/**
 * The run of `config` from part-runs of the same frame and labels that together trained each of
 * its detectors once (splitConfig). Rows, scores, models and explanations come out in the config's
 * order with the ensemble last, as evaluateFrame writes them.
 */
export function mergeRuns(config: EvalConfig, parts: readonly EvalRun[]): EvalRun {
  if (parts.length === 0) throw new Error('mergeRuns: no part-runs given');
  const [head] = parts;
  for (const p of parts) {
    if (p.windows !== head.windows || p.splitTime !== head.splitTime) {
      throw new Error(`mergeRuns: part-runs of different frames (${p.windows} vs ${head.windows} windows, split ${p.splitTime} vs ${head.splitTime})`);
    }
  }
  const context = { ...head.context, config };
  const detectors: DetectorResult[] = [];
  const run: EvalRun = { windows: head.windows, trainWindows: head.trainWindows, testWindows: head.testWindows, splitTime: head.splitTime, detectors, context, scores: {}, models: {}, explain: {}, fixed: {} };
  const members: Float64Array[] = [];
  for (const name of config.detectors) {
    if (name === ENSEMBLE) continue;
    const from = parts.find((p) => p.detectors.some((d) => d.name === name));
    const row = from?.detectors.find((d) => d.name === name);
    if (!from || !row) throw new Error(`mergeRuns: no part-run trained ${name}`);
    detectors.push(row);
    // a detector that failed to train has a row and nothing else
    if (name in from.scores) {
      run.scores[name] = from.scores[name];
      run.models[name] = from.models[name];
      if (name in from.fixed) run.fixed[name] = from.fixed[name];
      else members.push(from.scores[name]);
    }
    if (name in from.explain) run.explain[name] = from.explain[name];
  }
  if (config.detectors.includes(ENSEMBLE)) {
    // the ensemble a part scored stands when that part trained every member; otherwise (parts split
    // some other way) it is scored here, over all the members in the config's order
    const from = parts.find((p) => ENSEMBLE in p.scores);
    const row = from?.detectors.find((d) => d.name === ENSEMBLE);
    if (from && row && members.every((m) => Object.values(from.scores).includes(m))) {
      run.scores[ENSEMBLE] = from.scores[ENSEMBLE];
      detectors.push(row);
    } else {
      const e = ensembleResult(context, members);
      run.scores[ENSEMBLE] = e.scores;
      detectors.push(e.result);
    }
  }
  return run;
}
