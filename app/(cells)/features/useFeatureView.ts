'use client';
import { startTransition, useEffect, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import { fitSpanOf, type FeatureFrame } from '@/lib/eval/frame';
import { correlationSteps, frameColumns } from '@/lib/features/correlation';
import { extremaPerBucket, type Series } from '@/lib/features/series';

/** What the cell draws from one feature frame, computed once per frame. */
export interface FeatureView {
  frame: FeatureFrame;
  /** per feature, ≤ MAX_POINTS points keeping each bucket's highest and lowest value */
  series: Series[];
  /** Pearson r between features, in frame order */
  corr: Float64Array[];
}

export const MAX_POINTS = 1000;

/** Work done between yields to the event loop, ms: keeps every slice shorter than a frame. */
const SLICE_MS = 8;
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The feature frame for the selection, and its charts' data. Runs whenever the data (`version`),
 * the window, the features, the train share or split time (baselines are fitted on the training span, as the
 * evaluation will split it) or `attempt` (Retry) change; a late answer never overwrites a newer
 * one, and the work after the answer yields to the page every few ms so typing stays smooth.
 */
export function useFeatureView(engine: Engine, version: number, windowSec: number, features: readonly string[] | null, trainFraction: number, splitAt: number | null, attempt: number) {
  // a string key: the spec hands out new arrays on every change, the selection is what counts
  const list = features === null ? null : JSON.stringify(features);
  const key = `${version}\u0000${windowSec}\u0000${list}\u0000${trainFraction}\u0000${splitAt}\u0000${attempt}`;
  const [state, setState] = useState<{ key: string; view: FeatureView | null; error: string | null }>({ key: '', view: null, error: null });

  useEffect(() => {
    if (list === null) return;
    let live = true;
    (async () => {
      const r = await engine.features(windowSec, JSON.parse(list) as string[], fitSpanOf({ trainFraction, splitAt }, windowSec));
      if (!live) return;
      if (!r.ok) {
        setState({ key, view: null, error: r.error.message });
        return;
      }
      const frame = r.value;
      let last = performance.now();
      const pause = async () => {
        if (performance.now() - last < SLICE_MS) return true;
        await yieldToPage();
        last = performance.now();
        return live;
      };
      const cols = frameColumns(frame.X, frame.features.length);
      const series: Series[] = [];
      for (let j = 0; j < cols.length; j++) {
        series.push(extremaPerBucket(frame.starts, cols[j], MAX_POINTS));
        if (!(await pause())) return;
      }
      const steps = correlationSteps(cols);
      let step = steps.next();
      while (!step.done) {
        if (!(await pause())) return;
        step = steps.next();
      }
      const corr = step.value;
      // drawing a new frame (table, one chart per feature, heatmap) yields to typing
      startTransition(() => setState({ key, view: { frame, series, corr }, error: null }));
    })().catch((e: unknown) => {
      if (live) setState({ key, view: null, error: e instanceof Error ? e.message : String(e) });
    });
    return () => {
      live = false;
    };
  }, [engine, windowSec, list, trainFraction, splitAt, key]);

  const current = state.key === key;
  return { view: state.view, error: current ? state.error : null, loading: !current && list !== null };
}
