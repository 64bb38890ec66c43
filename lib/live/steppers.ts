/**
 * One detector, one window at a time: each stepper gives the next row's raw score exactly as the
 * detector's batch `score` gives it in one call over the whole frame, keeping only what that score
 * reads from earlier rows:
 *
 * - Isolation Forests, AutoEncoder, robust z: a row's score reads the row alone (no state);
 * - EWMA chart: the chart's running value per feature;
 * - conformal k-NN: its sliding reference rows and calibration scores (bounded: reference + pattern
 *   rows, `calibration` numbers);
 * - spectral residual: the last window − estimated − 1 rows (the model's training tail at first);
 * - KNN predictor: the rows its signatures look back over and its last `persist` votes
 *   (./knn-stream.ts).
 *
 * Every state is plain JSON, so live mode can persist it and resume.
 */
import type { Json } from '../util/json';
import { assertNever } from '../util/assert-never';
import { detectorByName, type DetectorName } from '../eval/registry';
import { scoreFrom, type EwmaModel } from '../detectors/ewma';
import { conformalStream, type ConformalKnnModel } from '../detectors/conformal-knn';
import type { SpectralResidualModel } from '../detectors/spectral-residual';
import type { KnnPrefailureModel } from '../detectors/knn-prefailure';
import { knnStream, type KnnStreamState } from './knn-stream';

export interface Stepper {
  /** the raw scores of the next (scaled) rows, in order: one row per live window, many for a warm-up */
  block(rows: Float64Array[]): Float64Array;
  /** per-feature contributions for this row where the detector explains its scores (robust z, AutoEncoder) */
  explain?(xs: Float64Array): Float64Array;
  state(): Json;
}

const isRows = (v: Json): v is number[][] => Array.isArray(v) && v.every((r) => Array.isArray(r) && r.every((x) => typeof x === 'number'));

function badState(name: string, why: string): Error {
  return new Error(`live state of ${name} is damaged: ${why}`);
}

export function stepperFor(name: DetectorName, model: Json, saved: Json = null): Stepper {
  const det = detectorByName(name);
  const pointwise = (): Stepper => ({
    block: (rows) => det.score(model, rows),
    explain: det.explain ? (xs) => (det.explain!(model, [xs]) as Float64Array[])[0] : undefined,
    state: () => null,
  });
  switch (name) {
    case 'isolation-forest':
    case 'ml-isolation-forest':
      return { ...pointwise(), explain: undefined };
    case 'robust-z':
    case 'autoencoder':
      return pointwise();
    case 'ewma': {
      const m = model as EwmaModel;
      if (saved !== null && !(Array.isArray(saved) && saved.length === m.center.length && saved.every(Number.isFinite))) throw badState(name, `expected ${m.center.length} chart values`);
      const z = saved === null ? [...m.center] : (saved as number[]).slice();
      return { block: (rows) => scoreFrom(m, rows, z), state: () => z.slice() };
    }
    case 'conformal-knn': {
      const m = model as ConformalKnnModel;
      let resume = m;
      if (saved !== null) {
        const s = saved as { history?: Json; alphas?: Json };
        if (typeof s !== 'object' || !isRows(s.history ?? null) || !Array.isArray(s.alphas)) throw badState(name, 'expected {history, alphas}');
        resume = { ...m, history: s.history as number[][], alphas: s.alphas as number[] };
      }
      const stream = conformalStream(resume);
      return { block: (rows) => Float64Array.from(rows, (xs) => stream.push(xs)), state: () => stream.state() };
    }
    case 'spectral-residual': {
      const m = model as SpectralResidualModel;
      const keep = m.window - m.estimated - 1;
      if (saved !== null && !isRows(saved)) throw badState(name, 'expected rows');
      // the batch pads the first windows with the oldest row held: keep the same rows, slide them on
      let history = saved === null ? m.history : (saved as number[][]);
      return {
        block(rows) {
          const s = det.score({ ...m, history }, rows);
          history = [...history.slice(-keep), ...rows.slice(-keep).map((r) => Array.from(r))].slice(-keep);
          return s;
        },
        state: () => history,
      };
    }
    case 'knn-prefailure': {
      const st = saved as KnnStreamState | null;
      if (st !== null && !(typeof st === 'object' && isRows(st.rows ?? null) && Array.isArray(st.votes))) throw badState(name, 'expected {rows, votes}');
      const stream = knnStream(model as KnnPrefailureModel, st);
      return { block: (rows) => Float64Array.from(rows, (xs) => stream.push(xs)), state: () => stream.state() };
    }
    default:
      return assertNever(name);
  }
}
