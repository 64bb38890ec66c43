'use client';
import { useEffect, useRef, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import { startNabRuns, type NabRuns } from '@/app/clients/nab-models';
import type { EvalProgress } from '@/lib/eval/evaluate';
import type { NabDataFile, NabRunResult } from '@/lib/eval/nab-run';
import { nabRunOf } from '@/lib/eval/nab-from-spec';
import type { ExperimentSpec } from '@/lib/spec/schema';

export type NabRunState =
  | { phase: 'idle' }
  | { phase: 'running'; progress: Record<string, EvalProgress> }
  | { phase: 'done'; result: NabRunResult; file: NabDataFile; detectors: string[]; elapsedMs: number; backend: string }
  | { phase: 'failed'; message: string };

/**
 * `harbinger nab` on the spec's NAB series, in a model worker: after each load of the series and
 * whenever the detectors, seed, post-processing or hyperparameters change. The series comes back
 * from the engine's nab_series table (the exact values the CLI would read), the key and windows
 * from the spec.
 */
export function useNab(spec: ExperimentSpec, engine: Engine | null, version: number, ready: boolean): NabRunState {
  const [state, setState] = useState<NabRunState>({ phase: 'idle' });
  const runs = useRef<NabRuns | null>(null);
  const src = spec.source.kind === 'nab' ? spec.source : null;
  const plan = src ? nabRunOf(spec) : null;
  const runKey = src && plan ? JSON.stringify({ key: src.key, windows: src.windows, plan: { detectors: plan.detectors, options: plan.options } }) : null;

  useEffect(() => {
    const r = startNabRuns();
    runs.current = r;
    return () => {
      runs.current = null;
      r.dispose();
    };
  }, []);

  useEffect(() => {
    if (!engine || !ready || version === 0 || runKey === null) {
      setState({ phase: 'idle' });
      return;
    }
    let active = true;
    const { key, windows, plan: p } = JSON.parse(runKey) as { key: string; windows: NabDataFile['windows']; plan: Omit<ReturnType<typeof nabRunOf>, 'skipped'> };
    const progress: Record<string, EvalProgress> = {};
    setState({ phase: 'running', progress });
    const started = performance.now();
    (async () => {
      const series = await engine.nabSeries();
      if (!active) return;
      if (!series.ok) return setState({ phase: 'failed', message: series.error.message });
      // the engine holds another source (a load still on its way): the next version runs again
      if (series.value === null) return setState({ phase: 'idle' });
      const file: NabDataFile = { name: key, ...series.value, windows };
      if (p.detectors.length === 0) return setState({ phase: 'failed', message: 'none of the chosen detectors can run on a NAB series: pick one in the Models cell' });
      // progress travels on its own message port, so a last message can land after the result: it
      // must not put a finished run back to "running"; and it re-renders at most once a frame
      let finished = false;
      let frameRequested = false;
      const r = await runs.current?.run(file, p.detectors, p.options, (pr) => {
        if (!active || finished) return;
        progress[pr.detector] = pr;
        if (frameRequested) return;
        frameRequested = true;
        requestAnimationFrame(() => {
          frameRequested = false;
          if (active && !finished) setState({ phase: 'running', progress: { ...progress } });
        });
      });
      finished = true;
      if (!active || !r) return;
      if (r.ok) setState({ phase: 'done', result: r.value.result, file, detectors: p.detectors, elapsedMs: performance.now() - started, backend: r.value.backend });
      else if (r.error.kind !== 'cancelled') setState({ phase: 'failed', message: r.error.message });
    })();
    return () => {
      active = false;
    };
  }, [engine, ready, version, runKey]);

  return state;
}
