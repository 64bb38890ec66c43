/**
 * The stream scorer: a model bundle scoring one closed window at a time, exactly as the batch
 * evaluation (lib/eval/evaluate.ts) scores the same window — scaling, each detector, the
 * post-processing, the ensemble against its training reference, the threshold in force — then
 * the alert rules. Its state between windows is bounded: each detector's (lib/live/steppers.ts),
 * the likelihood's rings (longWindow raw scores per anomaly detector), the new-extreme rule's
 * running range and the rules' short memories.
 */
import type { Json } from '../util/json';
import { applyScaler } from '../features/scale';
import { midRank } from '../detectors/ensemble';
import { likelihoodStream, type LikelihoodState, type ScoreStream } from '../detectors/likelihood';
import { extremeStep, type ExtremeState } from '../detectors/postprocess';
import { ENSEMBLE } from '../eval/names';
import { alertEngine, type AlertState } from './rules';
import { stepperFor, type Stepper } from './steppers';
import type { DetectorStep, LiveEvent, LiveStep, StreamScorer, WindowRow } from './contract';
import type { ModelBundle } from './bundle';

/** How many features `top_features` lists. */
const TOP = 5;

interface ScorerState {
  [key: string]: Json;
  v: 1;
  last: number | null;
  detectors: Record<string, Json>;
  likelihood: Record<string, LikelihoodState>;
  extreme: ExtremeState | null;
  rules: AlertState | null;
}

function readState(s: Json, what: string): ScorerState {
  const o = s as Partial<ScorerState> | null;
  if (typeof o !== 'object' || o === null || o.v !== 1 || typeof o.detectors !== 'object' || typeof o.likelihood !== 'object') {
    throw new Error(`${what}: not a live scorer state of version 1`);
  }
  return o as ScorerState;
}

/** The detectors, post-processing and range rule of a bundle, stepping together (no ensemble, no rules). */
function core(bundle: ModelBundle, saved: ScorerState | null) {
  const post = bundle.post;
  const steppers = new Map<string, Stepper>();
  const lik = new Map<string, ScoreStream>();
  for (const d of bundle.detectors) {
    steppers.set(d.name, stepperFor(d.name, d.model, saved?.detectors[d.name] ?? null));
    if (d.role === 'anomaly' && post.kind !== 'none') lik.set(d.name, likelihoodStream(post.likelihood, saved?.likelihood[d.name]));
  }
  const extreme: ExtremeState | null = post.kind === 'likelihood+extreme' ? structuredClone(saved?.extreme ?? { seen: 0, lo: [], hi: [] }) : null;
  return {
    steppers,
    /** scores of scaled rows, by detector: what the batch's `scores` hold for them */
    block(rows: Float64Array[]): Map<string, Float64Array> {
      const fired = extreme ? rows.map((r) => extremeStep(extreme, r, post.extreme)) : null;
      const out = new Map<string, Float64Array>();
      for (const d of bundle.detectors) {
        const raw = steppers.get(d.name)!.block(rows);
        const l = lik.get(d.name);
        // the likelihood sees every raw score, even where the range rule overrides its output
        out.set(d.name, l ? Float64Array.from(raw, (x, i) => { const v = l.next(x); return fired?.[i] ? 1 : v; }) : raw);
      }
      return out;
    },
    state(last: number | null, rules: AlertState | null): ScorerState {
      return {
        v: 1,
        last,
        detectors: Object.fromEntries([...steppers].map(([n, s]) => [n, s.state()])),
        likelihood: Object.fromEntries([...lik].map(([n, l]) => [n, l.state()])),
        extreme: extreme ? structuredClone(extreme) : null,
        rules,
      };
    },
  };
}

const scale = (bundle: ModelBundle, rows: readonly ArrayLike<number>[]) => applyScaler(bundle.scaler, rows).map((r) => Float64Array.from(r));

/** The state after the training rows (raw, in order): a bundle's `warm`, so live scoring continues where training stopped. */
export function warmState(bundle: ModelBundle, train: readonly ArrayLike<number>[]): Json {
  const c = core(bundle, null);
  c.block(scale(bundle, train));
  return c.state(null, null);
}

/** A scorer from a bundle, resuming from `snapshot` (a scorer's `snapshot()`) or else from the end of training. */
export function createScorer(bundle: ModelBundle, snapshot: Json | null = null): StreamScorer {
  const saved = snapshot !== null ? readState(snapshot, 'live state') : bundle.warm !== null ? readState(bundle.warm, 'bundle warm state') : null;
  const c = core(bundle, saved);
  const windowMs = bundle.windowSec * 1000;
  const rules = alertEngine(bundle.alerts, bundle.features, windowMs, snapshot !== null ? saved!.rules : null);
  const ens = bundle.ensemble;
  const refs = ens?.mode === 'rank' ? ens.reference.map((r) => Float64Array.from(r)) : [];
  let last = snapshot !== null ? saved!.last : null;
  const d = bundle.features.length;

  function topFeatures(source: string, row: WindowRow, xs: Float64Array): LiveEvent['top_features'] {
    const own = c.steppers.get(source)?.explain?.(xs);
    const contribution = own ?? Float64Array.from(xs, (v, j) => Math.abs(v - bundle.scaledMedian[j]));
    return bundle.features
      .map((feature, j) => ({ feature, value: row.values[j], contribution: contribution[j] }))
      .sort((a, b) => b.contribution - a.contribution)
      .slice(0, TOP);
  }

  return {
    features: bundle.features,
    windowMs,
    step(row: WindowRow): LiveStep {
      const at = new Date(row.start).toISOString();
      if (row.values.length !== d) throw new Error(`live window ${at}: ${row.values.length} feature values, the bundle has ${d}`);
      row.values.forEach((v, j) => {
        if (!Number.isFinite(v)) throw new Error(`live window ${at}: feature ${bundle.features[j]} is ${v}`);
      });
      if (last !== null && row.start <= last) throw new Error(`live window ${at} does not come after the last scored window ${new Date(last).toISOString()}`);
      last = row.start;
      const [xs] = scale(bundle, [row.values]);
      const scores = c.block([xs]);
      const steps: DetectorStep[] = bundle.detectors.map((b) => {
        const score = scores.get(b.name)![0];
        return { detector: b.name, score, threshold: b.threshold.inForce, firing: score >= b.threshold.inForce };
      });
      if (ens) {
        // the same order of additions as the batch ensemble, so the sums agree bit for bit
        let s = 0;
        ens.members.forEach((m, k) => (s += ens.mode === 'rank' ? midRank(refs[k], scores.get(m)![0]) : scores.get(m)![0]));
        s /= ens.members.length;
        steps.push({ detector: ENSEMBLE, score: s, threshold: ens.threshold.inForce, firing: s >= ens.threshold.inForce });
      }
      const events = rules.step({ start: row.start, end: row.start + windowMs, values: row.values, detectors: steps }, (source) => topFeatures(source, row, xs));
      return { row, detectors: steps, events };
    },
    snapshot: () => c.state(last, rules.state()),
  };
}
