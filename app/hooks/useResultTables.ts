'use client';
import { useEffect, useRef, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import type { Evaluation } from '@/app/hooks/useEvaluation';
import { resultTablesOf, thresholdTablesOf } from '@/lib/report/result-rows';
import { afterWrite, resultWrite, type ResultsSource } from '@/lib/notebook/result-writes';
import { NO_RESULTS, type TableVersions } from '@/lib/notebook/tables';

/**
 * Keeps the engine's `features`, `scores` and `alarms` tables in step with the latest run and the
 * thresholds in force (debounced while a slider moves): a new run writes every table, a threshold
 * move only its threshold-dependent columns and `alarms` (lib/notebook/result-writes.ts). Returns
 * each result table's version, bumped after its write, so only SQL cells reading it re-run.
 */
export function useResultTables(engine: Engine | null, generation: number, result: Evaluation['result']): { versions: Omit<TableVersions, 'data'>; error: string | null } {
  const [state, setState] = useState({ versions: NO_RESULTS, error: null as string | null });
  // what the engine's tables hold (or will once the queued write lands); written only below
  const written = useRef<ResultsSource | null>(null);
  // writes land in order: a threshold write must not overtake the run's full write in the worker
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  useEffect(() => {
    if (!engine || !result) return;
    const timer = setTimeout(() => {
      const { run } = result;
      const thresholds = thresholdTablesOf(run, run.detectors);
      const next: ResultsSource = { generation, run: run.scores, thresholds: JSON.stringify(thresholds) };
      const write = resultWrite(written.current, next);
      if (write === 'none') return;
      written.current = next;
      const job = queue.current.then(() => (write === 'all' ? engine.writeResults(resultTablesOf(run, run.detectors, result.frame)) : engine.writeThresholds(thresholds)));
      queue.current = job;
      job.then((r) => {
        // a failed write leaves the tables unknown: the next change writes them all again
        if (!r.ok && written.current === next) written.current = null;
        // bumped even when a newer change came meanwhile: that one may need no write of its own
        setState((s) => ({ versions: afterWrite(s.versions, write), error: r.ok ? null : r.error.message }));
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [engine, generation, result]);
  return state;
}
