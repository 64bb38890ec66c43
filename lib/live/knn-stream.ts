/**
 * The KNN failure predictor one window at a time: the probability `score` in
 * lib/detectors/knn-prefailure.ts gives each window over a whole series, with the neighbour index
 * built once and one neighbour search per window (the batch searches every row it is given).
 *
 * A window's probability reads the run-up votes of its last `persist` windows (multiples of 1/1024, averaged
 * and calibrated); a window's vote reads its signature, which reads the last
 * `smooth + max(trend, 2·⌈trend/2⌉)` rows. So the state is those rows and those votes.
 */
import type { KnnPrefailureModel } from '../detectors/knn-prefailure';
import { signatures } from '../predict/signature';
import { buildIndex, project, voteOf, voteScore } from '../predict/neighbours';
import { probabilityOf } from '../predict/calibration';

export interface KnnStreamState {
  [key: string]: number[][] | number[];
  rows: number[][];
  votes: number[];
}

export function knnStream(model: KnnPrefailureModel, saved: KnnStreamState | null) {
  if (model?.kind !== 'knn-prefailure' || model.version !== 2) throw new Error(`not a knn failure predictor model (v2): kind ${model?.kind}, version ${model?.version}`);
  const ix = buildIndex(model.examples, model.examples.map((_, i) => i), model.neighbours, model.dims.length, model.index);
  const k = Math.min(model.neighbours, model.examples.length);
  const reach = model.smooth + Math.max(model.trend, 2 * Math.max(1, Math.ceil(model.trend / 2)));
  let rows = saved ? saved.rows.map((r) => Float64Array.from(r)) : [];
  let votes = saved ? [...saved.votes] : [];
  return {
    push(row: Float64Array): number {
      if (row.length !== model.features) throw new Error(`knn score: row has ${row.length} features, expected ${model.features}`);
      rows = [...rows, Float64Array.from(row)].slice(-reach);
      const S = signatures(rows, { smooth: model.smooth, trend: model.trend });
      const v = voteOf(ix.nearest(project(S[S.length - 1], model.dims)), (e) => model.exampleIncident[e] >= 0);
      votes = [...votes, v].slice(-model.persist);
      // votes are multiples of 1/1024 (lib/predict/neighbours.ts): the sum is exact whatever order the batch added them in
      const sum = votes.reduce((a, b) => a + b, 0);
      return probabilityOf(model.platt, voteScore(sum / votes.length, k));
    },
    state: (): KnnStreamState => ({ rows: rows.map((r) => Array.from(r)), votes: [...votes] }),
  };
}
