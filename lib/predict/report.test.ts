import { beforeAll, describe, expect, it } from 'vitest';
import { evalDefaults, evaluateFrame, type EvalRun } from '../eval/evaluate';
import { withManualThresholds } from '../eval/assess';
import { trainingRankAverage } from '../detectors/ensemble';
import type { KnnPrefailureModel } from '../detectors/knn-prefailure';
import { plantedWeek } from './planted';
import { BASELINE, PREDICTOR, predictionOf } from './report';

const week = plantedWeek(3);
const frame = {
  starts: Float64Array.from(week.X, (_, i) => i * 60_000),
  features: ['a', 'b', 'c'],
  X: week.X.map((r) => Float64Array.from(r)),
  // a synthetic frame: no baselines were fitted in SQL
  fitUntilMs: null,
};
const config = {
  ...evalDefaults,
  features: frame.features,
  detectors: ['robust-z', BASELINE, PREDICTOR, 'ensemble'],
  trainFraction: 0.75,
  threshold: { rule: 'alarm-budget' as const, perDay: 1 },
};

describe('the predictor in an evaluation run', () => {
  let run: EvalRun;
  beforeAll(async () => {
    run = await evaluateFrame(frame, config, week.labels);
  });

  it('trains on the training span’s labels and warns at its own learned level', () => {
    expect(run.trainWindows).toBe(week.train);
    const row = run.detectors.find((d) => d.name === PREDICTOR)!;
    expect(row.error).toBeNull();
    const model = run.models[PREDICTOR] as KnnPrefailureModel;
    expect(row.threshold).toBe(model.threshold);
    expect(run.fixed[PREDICTOR]).toBe(model.threshold);
    expect(row.threshold_rule).toMatch(/learned on the training span/);
  });

  it('never reads test-span labels: moving them changes the metrics, not the model', async () => {
    const moved = week.labels.map((l) => (l.start >= week.train * 60_000 ? { ...l, start: l.start + 3_600_000, end: l.end + 3_600_000 } : l));
    const other = await evaluateFrame(frame, { ...config, detectors: [PREDICTOR] }, moved);
    expect(other.models[PREDICTOR]).toEqual(run.models[PREDICTOR]);
    expect(Array.from(other.scores[PREDICTOR])).toEqual(Array.from(run.scores[PREDICTOR]));
    expect(predictionOf(other)!.predictor.warned).toBeLessThan(predictionOf(run)!.predictor.warned);
  });

  it('stays out of the rank ensemble: the ensemble averages the anomaly detectors only', () => {
    expect(Array.from(run.scores.ensemble)).toEqual(Array.from(trainingRankAverage([run.scores['robust-z'], run.scores[BASELINE]], run.context.split.train.end)));
  });

  it('reports warnings as predictions beside the EWMA baseline, on the test span only', () => {
    const r = predictionOf(run)!;
    expect(r.predictor.failures.map((f) => [f.kind, f.status])).toEqual([
      ['leak', 'learnable'],
      ['slow', 'learnable'],
      ['burst', 'sudden'],
    ]);
    expect(r.predictor.warned).toBe(2);
    expect(r.resembles.length).toBe(r.predictor.warnings.length);
    const followed = r.predictor.warnings.findIndex((w) => w.followedBy === 'inc-10');
    expect(r.resembles[followed]?.kind).toBe('leak');
    expect(r.baseline?.threshold).toBe(run.detectors.find((d) => d.name === BASELINE)!.threshold);
    expect(r.baseline?.metrics.failures).toHaveLength(3);
    expect(r.model.learnableKinds).toEqual(['leak', 'slow']);
  });

  it('follows a threshold set by hand, without retraining', () => {
    const rows = withManualThresholds(run, { [PREDICTOR]: 2 });
    const r = predictionOf({ ...run, detectors: rows })!;
    expect(r.threshold).toBe(2);
    expect(r.predictor.warnings).toHaveLength(0);
    expect(r.predictor.warned).toBe(0);
  });

  it('is null when the predictor did not run or could not train', async () => {
    expect(predictionOf({ ...run, detectors: run.detectors.filter((d) => d.name !== PREDICTOR) })).toBeNull();
    const none = await evaluateFrame(frame, { ...config, detectors: [PREDICTOR] }, []);
    expect(none.detectors[0].error).toMatch(/no labeled run-up/);
    expect(predictionOf(none)).toBeNull();
  });
});
