'use client';
import { useEffect, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import type { Evaluation } from '@/app/hooks/useEvaluation';
import { resultTablesOf } from '@/lib/report/result-rows';

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
      const tables = resultTablesOf(result.run, result.run.detectors, result.frame);
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
