import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { evaluateFrame, evalDefaults, type EvalConfig, type EvalRun, type FeatureFrame } from '../eval/evaluate';
import { reassessRun, withManualThresholds } from '../eval/assess';
import { DETECTOR_NAMES } from '../eval/registry';
import type { LabelRow } from '../labels/types';
import { defaultSpec } from '../spec/defaults';
import { specSchema, type ExperimentSpec } from '../spec/schema';
import { entryOf, lruOf, RUN_CACHE_FORMAT, RUN_INDEPENDENT, runCacheKey, runOfEntry, touchLru, type CachedRun } from './run-cache';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5);
const N = 400;
const features = ['a', 'b', 'c'];

/** a run-up in feature b before the training failure (windows 135–160), so the KNN predictor has one to learn */
const rampAt = (i: number, j: number) => (j === 1 && i >= 135 && i < 160 ? (i - 135) * 0.4 : 0);

function frameOf(): FeatureFrame {
  const r = seedrandom.alea('run-cache');
  const X = Array.from({ length: N }, (_, i) => Float64Array.from(features, (_, j) => Math.sin((i + 11 * j) / 30) + 0.2 * r() + (i >= 300 && i < 310 ? 4 : 0) + rampAt(i, j)));
  return { starts: Float64Array.from(X, (_, i) => T0 + i * MINUTE), features, X, fitUntilMs: T0 + 200 * MINUTE };
}

const labels: LabelRow[] = [
  { incidentId: 'inc-1', kind: 'latency-ramp', phase: 'precursor', start: T0 + 140 * MINUTE, end: T0 + 150 * MINUTE, target: null },
  { incidentId: 'inc-1', kind: 'latency-ramp', phase: 'failure', start: T0 + 150 * MINUTE, end: T0 + 160 * MINUTE, target: null },
  { incidentId: 'inc-2', kind: 'error-burst', phase: 'failure', start: T0 + 300 * MINUTE, end: T0 + 310 * MINUTE, target: null },
];

const config: EvalConfig = {
  ...evalDefaults,
  features,
  // every registered detector: each one's model, explanations and fixed thresholds must survive the store
  detectors: [...DETECTOR_NAMES, 'ensemble'],
  splitAt: T0 + 200 * MINUTE,
  threshold: { rule: 'alarm-budget', perDay: 1 },
  params: { autoencoder: { epochs: 3, hidden: [3, 2] }, 'isolation-forest': { trees: 10 }, 'ml-isolation-forest': { trees: 5 } },
};

/** the run without its wall-clock timings (never equal between two computations) */
const untimed = (r: EvalRun) => ({ ...r, detectors: r.detectors.map(({ fit_ms: _f, score_ms: _s, ...rest }) => rest) });

describe('a cached run', () => {
  it('round-trips through structured clone (what IndexedDB stores) equal to the fresh run, and to a second fresh run', async () => {
    const frame = frameOf();
    const fresh = await evaluateFrame(frame, config, labels);
    for (const d of fresh.detectors) expect(d.error, `${d.name}: ${d.error}`).toBeNull();
    const key = runCacheKey(defaultSpec(), 'build-1');
    const stored = structuredClone(entryOf(key, { run: fresh, frame, backend: 'cpu', elapsedMs: 1234, featuresMs: 56 }));
    const back = runOfEntry(stored, key);
    expect(back).not.toBeNull();
    expect(back!.run).toEqual(fresh);
    expect(back!.frame).toEqual(frame);
    expect(back!.run.scores['isolation-forest']).toBeInstanceOf(Float64Array);
    expect([back!.backend, back!.elapsedMs, back!.featuresMs]).toEqual(['cpu', 1234, 56]);
    // what the page shows from it: re-assessed under a rule and with a hand-set threshold, as from the fresh run
    const rules = { threshold: { rule: 'quantile' as const, q: 0.95 }, earlyMarginMin: 5, matchPrecursor: true };
    const shownFresh = reassessRun(fresh, rules);
    const shownBack = reassessRun(back!.run, rules);
    expect(shownBack).toEqual(shownFresh);
    expect(withManualThresholds(shownBack, { 'robust-z': 2.5 })).toEqual(withManualThresholds(shownFresh, { 'robust-z': 2.5 }));
    // same spec → same numbers: the run it stands for is the run a recomputation gives
    expect(untimed(back!.run)).toEqual(untimed(await evaluateFrame(frameOf(), config, labels)));
  }, 60_000);

  it('is refused when stored under another key, in another format or damaged', () => {
    const frame = frameOf();
    const run = { windows: N, detectors: [], scores: { x: new Float64Array(N) }, models: {}, explain: {}, fixed: {}, context: { starts: frame.starts, config: {}, split: {}, truth: {}, labels: [] } } as unknown as EvalRun;
    const entry = entryOf('k', { run, frame, backend: 'wasm', elapsedMs: 1, featuresMs: 1 });
    expect(runOfEntry(entry, 'k')).not.toBeNull();
    expect(runOfEntry(entry, 'other key')).toBeNull();
    expect(runOfEntry({ ...entry, format: RUN_CACHE_FORMAT + 1 }, 'k')).toBeNull();
    expect(runOfEntry({ ...entry, run: { ...run, scores: { x: new Float64Array(N - 1) } } }, 'k')).toBeNull();
    expect(runOfEntry({ ...entry, frame: { ...frame, X: frame.X.slice(1) } }, 'k')).toBeNull();
    expect(runOfEntry({ ...entry, run: { ...run, scores: { x: Array.from(new Float64Array(N)) } } }, 'k')).toBeNull();
    for (const junk of [undefined, null, 'text', 42, [], {}, { format: RUN_CACHE_FORMAT, key: 'k' }]) expect(runOfEntry(junk, 'k')).toBeNull();
  });
});

describe('the run cache key', () => {
  const build = 'build-1';
  const base = defaultSpec();
  const key = (s: ExperimentSpec, b = build) => runCacheKey(s, b);
  const edit = (f: (s: ExperimentSpec) => void): ExperimentSpec => {
    const s = structuredClone(base);
    f(s);
    return specSchema.parse(s);
  };

  it('ignores only the fields that never reach a run', () => {
    expect(key(edit((s) => (s.name = 'renamed')))).toBe(key(base));
    expect(key(edit((s) => (s.explore.topN = 20)))).toBe(key(base));
    expect(key(edit((s) => s.sql.push({ id: 'a1', query: 'select 1', chart: { mark: 'none', x: null, y: null, color: null } })))).toBe(key(base));
    expect(key(edit((s) => (s.models.thresholds = { 'robust-z': 3 })))).toBe(key(base));
    expect(key(edit((s) => (s.alerts.coolDownMin = s.alerts.coolDownMin + 1)))).toBe(key(base));
  });

  it('changes with the build, the data and everything training and assessment read', () => {
    const changed: [string, ExperimentSpec | string][] = [
      ['build', key(base, 'build-2')],
      ['window', edit((s) => (s.window = '5m'))],
      ['detectors seed', edit((s) => (s.seed = 7))],
      ['detectors', edit((s) => (s.models.detectors = ['robust-z']))],
      ['features', edit((s) => (s.models.features = ['requests']))],
      ['a hyperparameter', edit((s) => (s.models.params['isolation-forest'] = { ...s.models.params['isolation-forest'], trees: 50 }))],
      ['split', edit((s) => (s.models.trainFraction = 0.6))],
      ['post-processing', edit((s) => (s.models.post.kind = 'likelihood'))],
      ['threshold rule', edit((s) => (s.models.threshold = { kind: 'quantile', q: 0.99 }))],
      ['event matching', edit((s) => (s.models.matchPrecursor = true))],
      ['early margin', edit((s) => (s.models.earlyMarginMin = 30))],
      ['simulation seed', edit((s) => s.source.kind === 'simulator' && (s.source.scenario.seed += 1))],
      ['scenario', edit((s) => s.source.kind === 'simulator' && (s.source.scenario.traffic.rps = 2))],
      ['source', edit((s) => (s.source = { kind: 'sample', id: 'access' } as ExperimentSpec['source']))],
    ];
    const seen = new Set([key(base)]);
    for (const [what, v] of changed) {
      const k = typeof v === 'string' ? v : key(v);
      expect(seen.has(k), what).toBe(false);
      seen.add(k);
    }
  });

  it('covers every spec field except the ones named as run-independent (a new field is in the key by default)', () => {
    const top = Object.keys(specSchema.shape);
    for (const f of RUN_INDEPENDENT.top) expect(top).toContain(f);
    const k = JSON.parse(key(base)) as { spec: Record<string, unknown> };
    expect(Object.keys(k.spec).sort()).toEqual(top.filter((f) => !(RUN_INDEPENDENT.top as readonly string[]).includes(f)).sort());
    expect(Object.keys(k.spec.models as object)).not.toContain('thresholds');
  });

  it('is the same whether defaults were written out or left to the schema, and whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(structuredClone(base)).reverse()) as ExperimentSpec;
    expect(key(reordered)).toBe(key(base));
    const sparse = specSchema.parse({ v: base.v, source: base.source });
    expect(key(sparse)).toBe(key(base));
  });

  it('leaves an upload\'s alarm reviews out and keeps its labels in', () => {
    const upload = specSchema.parse({
      v: base.v,
      source: { kind: 'upload', files: [{ name: 'a.log', size: 10, sha256: 'a'.repeat(64) }] },
    });
    const withReview = structuredClone(upload);
    const withLabels = structuredClone(upload);
    if (withReview.source.kind !== 'upload' || withLabels.source.kind !== 'upload') throw new Error('expected an upload');
    withReview.source.reviews = [{ start: T0, end: T0 + MINUTE, detector: 'robust-z', verdict: 'false-alarm' }] as typeof withReview.source.reviews;
    withLabels.source.labels = [{ start: T0, end: T0 + MINUTE, kind: 'error-burst', phase: 'failure' }] as typeof withLabels.source.labels;
    expect(key(withReview)).toBe(key(upload));
    expect(key(withLabels)).not.toBe(key(upload));
    const otherFile = structuredClone(upload);
    if (otherFile.source.kind !== 'upload') throw new Error('expected an upload');
    otherFile.source.files[0].sha256 = 'b'.repeat(64);
    expect(key(otherFile)).not.toBe(key(upload));
  });
});

describe('the cache bound', () => {
  it('keeps the most recently used entries and evicts the rest, orphans included', () => {
    expect(touchLru([], 'a', [], 2)).toEqual({ order: ['a'], evicted: [] });
    expect(touchLru(['a', 'b'], 'c', ['a', 'b'], 2)).toEqual({ order: ['b', 'c'], evicted: ['a'] });
    // a read moves an entry to the back, so the other one goes first
    expect(touchLru(['a', 'b'], 'a', ['a', 'b'], 2)).toEqual({ order: ['b', 'a'], evicted: [] });
    expect(touchLru(['b', 'a'], 'c', ['a', 'b'], 2)).toEqual({ order: ['a', 'c'], evicted: ['b'] });
    // stored entries the list lost are deleted; listed ids no longer stored are dropped from the list
    expect(touchLru(['gone'], 'a', ['x', 'y'], 5)).toEqual({ order: ['a'], evicted: ['x', 'y'] });
    expect(lruOf(['a', 'b'])).toEqual(['a', 'b']);
    expect(lruOf('junk')).toEqual([]);
    expect(lruOf([1, 2])).toEqual([]);
  });
});

// the cached run type is exactly what entryOf keeps
const _check: (r: CachedRun) => CachedRun = (r) => runOfEntry(entryOf('k', r), 'k') ?? r;
void _check;
