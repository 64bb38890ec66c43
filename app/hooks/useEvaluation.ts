'use client';
import { startTransition, useCallback, useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import { startModels, type ModelRunResult, type Models } from '@/app/clients/models';
import { type EvalProgress, type EvalRun, type FeatureFrame } from '@/lib/eval/evaluate';
import type { EngineResult } from '@/lib/jobs/result';
import type { BundleInput } from '@/lib/live/bundle';
import { evalConfigOf, specLabels, trainingKey } from '@/lib/eval/from-spec';
import { fitSpanOf } from '@/lib/eval/frame';
import { parseWindow, type ExperimentSpec } from '@/lib/spec/schema';
import { BUILD_ID, openRunCache } from '@/app/clients/run-cache';
import { loadsItself, runCacheKey, type CachedRun } from '@/lib/notebook/run-cache';
import { aheadRequestOf, aheadRunKey, keepsAhead, type AheadRun } from '@/lib/notebook/ahead';
import type { FrameAhead } from '@/app/hooks/useEngine';
import type { LabelRow } from '@/lib/labels/types';
import { useAssessedRun } from './useAssessedRun';

type Inputs = [EngineResult<FeatureFrame>, EngineResult<LabelRow[]>];

/** Training progress re-renders the notebook at most this often, ms (every tree or epoch would be ~60 renders a second). */
const PROGRESS_MS = 200;

/**
 * Where a run shown came from: trained in this tab, or read from this browser's run cache
 * (lib/notebook/run-cache.ts) with the key it was stored under.
 */
export type CacheUse = { from: 'trained'; key: string } | { from: 'cache'; key: string };

export type TrainState =
  | { phase: 'idle' }
  | { phase: 'running'; stage: string; progress: Record<string, EvalProgress>; startedAt: number }
  | { phase: 'done' }
  | { phase: 'failed'; message: string }
  | { phase: 'cancelled' };

export interface Evaluation {
  state: TrainState;
  /**
   * the latest finished run (kept while a newer one trains), with the spec key it was trained for;
   * its rows (`run.detectors`) already follow the spec's threshold rule and hand-set thresholds
   */
  result: (ModelRunResult & { key: string; elapsedMs: number; featuresMs: number; frame: FeatureFrame; cache: CacheUse }) | null;
  /** the trained run under the spec's threshold rule, before hand-set thresholds (a model bundle records both) */
  ruled: EvalRun | null;
  /** the model bundle of a trained run, built in the model worker */
  bundle(input: BundleInput): Promise<EngineResult<string>>;
  /** the result no longer matches the spec (window, seed, features, detectors, split or rule changed) */
  stale: boolean;
  /** training runs started in this tab (new data, new labels, Train / Retrain) */
  runs: number;
  train(): void;
  cancel(): void;
}

/**
 * Trains and evaluates in the model worker when new data is loaded (`version`) and on request.
 * Features come from the engine worker; labels too (simulated data has them), or from the spec
 * (a labels file for uploaded logs). A cancelled run
 * stays cancelled until the user trains again or new data arrives.
 */
export function useEvaluation(spec: ExperimentSpec, engine: Engine | null, version: number, ready: boolean, ahead: FrameAhead | null, loadedScenario: string | null): Evaluation {
  const [state, setState] = useState<TrainState>({ phase: 'idle' });
  const [result, setResult] = useState<Evaluation['result']>(null);
  const models = useRef<Models | null>(null);
  const seq = useRef(0);
  const key = `${version}\u0000${trainingKey(spec)}`;
  const [request, setRequest] = useState(0);
  const [runs, setRuns] = useState(0);
  const cache = useMemo(() => openRunCache(), []);
  // the Train / Retrain requests already answered: a new one trains even when the cache holds the run
  const answered = useRef(0);
  // the entry read at mount (a repeat visit), shared with a run started before it answers: one read, not two
  const lookup = useRef<{ key: string; hit: ReturnType<typeof cache.get> } | null>(null);
  const aheadRun = useRef<AheadRun | null>(null);
  // bumped when a run trained ahead turns out to have no frame after the data adopted it: the data trains itself
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    const m = startModels();
    models.current = m;
    // tfjs and its wasm load while the data engine starts and the data loads
    m.warm();
    return () => {
      models.current = null;
      m.dispose();
    };
  }, []);

  // a run read from the cache needs no frame computed ahead: the engine worker's thread is freed for the data
  const dropAhead = useEffectEvent(() => ahead?.drop());

  // the spec and its training key as they are when a run starts (read at that moment, not a dependency of it)
  const current = useEffectEvent(() => ({ s: spec, runKey: key, held: result, dataVersion: version, loaded: loadedScenario }));

  // A repeat visit: the spec's run, if this browser evaluated it with this build, is shown at once,
  // before the engine has started; the data loads meanwhile (Explore, SQL, drill-downs, the model
  // bundle need it) and the run is kept when it lands. Only for data the page loads by itself: an
  // upload's files wait for the user, and the run waits with them. Looked up again when the spec
  // changes before the data is in: hydration renders the default spec before the link's.
  useEffect(() => {
    if (version !== 0) return;
    const { s, held } = current();
    if (held && held.cache.from !== 'cache') return;
    const cacheKey = loadsItself(s.source) ? runCacheKey(s, BUILD_ID) : null;
    if (held && held.cache.key === cacheKey) return;
    // a run read for the spec shown before this one: not this spec's run
    if (held) {
      setResult(null);
      setState({ phase: 'idle' });
    }
    if (cacheKey === null) return;
    let active = true;
    performance.mark('harbinger:cache-lookup');
    const reading = cache.get(cacheKey);
    lookup.current = { key: cacheKey, hit: reading };
    void reading.then((hit) => {
      const now = current();
      // too late once data is in: the training effect has read the cache itself by then
      if (!active || !hit || now.dataVersion !== 0 || (now.held && now.held.cache.from !== 'cache')) return;
      performance.mark('harbinger:cache-hit');
      dropAhead();
      startTransition(() => {
        setResult({ ...hit, key: `0\u0000${trainingKey(s)}`, cache: { from: 'cache', key: cacheKey } });
        setState({ phase: 'done' });
      });
    });
    return () => {
      active = false;
    };
  }, [cache, spec, version]);

  /**
   * One training run: reads the cache while `inputs` come (a hit drops them), then trains in the
   * model workers and shows the run under `keyAtEnd()` (read when it ends: a run trained ahead
   * may have been adopted by the loaded data meanwhile). `inputs` null: nothing to train on here.
   */
  const startRun = useEffectEvent(async (s: ExperimentSpec, cacheKey: string, forced: boolean, inputs: () => Promise<Inputs | null>, keyAtEnd: () => string, live: () => boolean) => {
    const startedAt = performance.now();
    // the cache is read while the frame is fetched (a miss costs nothing; a hit drops the frame)
    // the mount's read serves the first run only: a later one must see what this tab stored since
    const shared = lookup.current?.key === cacheKey ? lookup.current.hit : null;
    lookup.current = null;
    const stored = forced ? Promise.resolve(null) : (shared ?? cache.get(cacheKey));
    const pending = inputs();
    const hit = await stored;
    if (!live()) return;
    if (hit) {
      performance.mark('harbinger:cache-hit');
      dropAhead();
      startTransition(() => {
        setResult({ ...hit, key: keyAtEnd(), cache: { from: 'cache', key: cacheKey } });
        setState({ phase: 'done' });
      });
      return;
    }
    // marks read by bench/browser-models.ts: where a cold start's time goes (a run read from the cache has none)
    performance.mark('harbinger:train-start');
    const progress: Record<string, EvalProgress> = {};
    setState({ phase: 'running', stage: 'Computing features…', progress, startedAt });
    const got = await pending;
    if (!live() || got === null) return;
    setRuns((n) => n + 1);
    const [frame, labels] = got;
    const featuresMs = performance.now() - startedAt;
    performance.mark('harbinger:features-fetched');
    if (!frame.ok) return setState({ phase: 'failed', message: `features: ${frame.error.message}` });
    if (!labels.ok) return setState({ phase: 'failed', message: `labels: ${labels.error.message}` });
    const m = models.current;
    if (!m) return;
    setState({ phase: 'running', stage: 'Training…', progress: { ...progress }, startedAt });
    // progress arrives per tree / epoch; the page re-renders at most every PROGRESS_MS for it: each
    // render of the notebook takes the page's thread, which shares two cores with the training workers
    let renderQueued = false;
    let finished = false;
    const r = await m.evaluate(frame.value, evalConfigOf(s, frame.value.features), labels.value, (p) => {
      if (!live()) return;
      if (p.stage === 'done') performance.mark(`harbinger:trained:${p.detector}`);
      progress[p.detector] = p;
      if (renderQueued) return;
      renderQueued = true;
      setTimeout(() => {
        renderQueued = false;
        // a render that comes after the run ended must not put the cell back to "running"
        if (live() && !finished) setState({ phase: 'running', stage: 'Training…', progress: { ...progress }, startedAt });
      }, PROGRESS_MS);
    });
    finished = true;
    if (!live()) return;
    if (r.ok) {
      performance.mark('harbinger:trained');
      const elapsedMs = performance.now() - startedAt;
      // rendering a finished run (tables, one chart per detector) yields to typing
      const fresh: CachedRun = { ...r.value, elapsedMs, featuresMs, frame: frame.value };
      startTransition(() => {
        setResult({ ...fresh, key: keyAtEnd(), cache: { from: 'trained', key: cacheKey } });
        setState({ phase: 'done' });
      });
      // stored once the page is idle, i.e. after the transition has rendered the results (a timeout of 0 ran it in the middle of the render)
      void cache.putWhenIdle(cacheKey, fresh).then((ok) => ok && performance.mark('harbinger:cache-stored'));
    } else setState(r.error.kind === 'cancelled' ? { phase: 'cancelled' } : { phase: 'failed', message: r.error.message });
  });

  // Trains when new data is ready and when asked (Train / Retrain). A change of what training
  // depends on (window, features, detectors, split, hyperparameters) marks the results stale
  // instead of retraining on every click; rules and thresholds re-assess without retraining.
  // A layout effect: it runs before the cells' passive effects, so the feature frame is the first
  // request in the engine worker's queue when new data is in, ahead of the Explore cell's queries.
  useLayoutEffect(() => {
    if (!engine || !ready || version === 0) return;
    const { s, runKey, held, loaded } = current();
    const cacheKey = runCacheKey(s, BUILD_ID);
    const forced = request !== answered.current;
    answered.current = request;
    // the run shown from the cache before any data was in is this data's run: kept, not retrained
    // (a later load of the same data reads the cache again: its result tables are written anew)
    if (!forced && held?.cache.from === 'cache' && held.cache.key === cacheKey && held.key.startsWith('0\u0000')) {
      performance.mark('harbinger:cache-kept');
      setResult({ ...held, key: runKey });
      return;
    }
    // the run trained ahead on this very data (the same rows, the same frame): kept, finished or not
    const a = aheadRun.current;
    if (a && !a.failed && keepsAhead(a.key, loaded, forced)) {
      performance.mark('harbinger:ahead-kept');
      const adopted = (a.adopted = `${version}\u0000${a.trainingKey}`);
      // an updater, not the result read above: a run that finished just before the data came may still
      // be rendering (its result is set in a transition, keyed before this adoption); React applies
      // this update after that one when it lands, so the run is re-keyed and not left stale
      const ahead = `0\u0000${a.trainingKey}`;
      setResult((r) => (r && r.key === ahead && r.cache.key === a.cacheKey ? { ...r, key: adopted } : r));
      return;
    }
    aheadRun.current = null;
    const id = ++seq.current;
    let active = true;
    // cancel() bumps seq; a newer run or unmount clears `active`
    const live = () => active && seq.current === id;
    const inputs = (): Promise<Inputs> => {
      // a user's labels for uploaded logs are in the spec; simulated data's labels are in the engine
      const own = specLabels(s);
      return Promise.all([
        engine.features(parseWindow(s.window), s.models.features, fitSpanOf(s.models, parseWindow(s.window))),
        own ? Promise.resolve({ ok: true as const, value: own }) : engine.labels(),
      ]);
    };
    void startRun(s, cacheKey, forced, inputs, () => runKey, live);
    return () => {
      // a newer run (or unmount) supersedes this one; its worker run is ended by the next evaluate()
      active = false;
    };
  }, [engine, ready, version, request, cache, retry]);

  // A simulated source trains as soon as the engine worker has the frame from the rows it
  // generates, before DuckDB has started (lib/notebook/ahead.ts); the data, when it lands, keeps
  // that run. Not on a cache hit (the run is read instead) nor once data is in.
  useEffect(() => {
    if (!ahead || version !== 0) return;
    const { s } = current();
    const req = aheadRequestOf(s);
    const runKey = aheadRunKey(s);
    // the spec moved on since the engine was asked (a link's spec after hydration): no frame for it
    if (req === null || runKey === null || JSON.stringify(req) !== JSON.stringify(ahead.request) || aheadRun.current?.key === runKey) return;
    const tk = trainingKey(s);
    const a: AheadRun = { key: runKey, trainingKey: tk, cacheKey: runCacheKey(s, BUILD_ID), adopted: null, failed: false };
    aheadRun.current = a;
    const id = ++seq.current;
    const inputs = async (): Promise<Inputs | null> => {
      const r = await ahead.inputs;
      if (r.ok && r.value) return [{ ok: true, value: r.value.frame }, { ok: true, value: r.value.labels }];
      a.failed = true;
      if (a.adopted !== null) setRetry((n) => n + 1);
      return null;
    };
    void startRun(s, a.cacheKey, false, inputs, () => a.adopted ?? `0\u0000${tk}`, () => seq.current === id && aheadRun.current === a);
  }, [ahead, version]);

  const train = useCallback(() => setRequest((n) => n + 1), []);
  const cancel = useCallback(() => {
    seq.current++;
    // a run trained ahead and cancelled is not one the data can keep
    aheadRun.current = null;
    models.current?.cancel();
    setState({ phase: 'cancelled' });
  }, []);

  const { ruled, shown: shownRun } = useAssessedRun(result?.run ?? null, spec);
  const shown = useMemo(() => (result && shownRun ? { ...result, run: shownRun } : null), [result, shownRun]);
  const bundle = useCallback(async (input: BundleInput): Promise<EngineResult<string>> => {
    const m = models.current;
    return m ? m.bundle(input) : { ok: false, error: { kind: 'engine', message: 'the model worker is not running' } };
  }, []);

  return { state, result: shown, ruled, bundle, stale: result !== null && result.key !== key, runs, train, cancel };
}
