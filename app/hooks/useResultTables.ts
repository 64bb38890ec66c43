'use client';
import { useEffect, useState } from 'react';
import type { Engine } from '@/app/engine/client';
import type { Evaluation } from '@/app/hooks/useEvaluation';
import { testEvents } from '@/lib/eval/evaluate';
import type { ResultTables } from '@/lib/engine/results';

/**
 * Keeps the engine's `features`, `scores` and `alarms` tables in step with the latest run and the
 * thresholds in force (debounced while a slider moves). Returns a counter that bumps after each
 * write, so SQL cells re-run their queries on fresh tables.
 */
export function useResultTables(engine: Engine | null, result: Evaluation['result']): { version: number; error: string | null } {
  const [state, setState] = useState({ version: 0, error: null as string | null });
  useEffect(() => {
    if (!engine || !result) return;
    let live = true;
    const timer = setTimeout(() => {
      const { run, frame } = result;
      const rows = run.detectors;
      const detectors = rows.filter((r) => r.error === null && run.scores[r.name]).map((r) => ({ name: r.name, scores: run.scores[r.name], threshold: r.threshold }));
      const alarms = detectors.flatMap((d) =>
        testEvents(run.context, d.scores, d.threshold).events.map((e) => ({ detector: d.name, start: e.start, end: e.end, windows: e.lastIndex - e.firstIndex + 1 })),
      );
      const tables: ResultTables = {
        starts: frame.starts,
        windowMs: run.context.config.windowSec * 1000,
        features: frame.features,
        X: frame.X,
        testStart: run.context.split.test.start,
        detectors,
        alarms,
        earlyMarginMin: run.context.config.earlyMarginMin,
      };
      engine.writeResults(tables).then((r) => {
        if (live) setState((s) => ({ version: s.version + 1, error: r.ok ? null : r.error.message }));
      });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [engine, result]);
  return state;
}
