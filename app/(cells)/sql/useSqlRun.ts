'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import type { Row } from '@/lib/db/db';
import { resultColumns, type ResultColumn } from '@/lib/sql/columns';
import { FETCH_LIMIT, describeSql, limitRows } from '@/lib/sql/statement';
import { ENGINE_LIMITS } from '@/lib/jobs/supervisor';

export interface SqlResult {
  rows: Row[];
  columns: ResultColumn[];
  /** the query returned more than RESULT_LIMIT rows and `rows` holds the first RESULT_LIMIT */
  truncated: boolean;
  /** ms from sending the query to having its rows on this page */
  elapsedMs: number;
}

export interface SqlRun {
  result: SqlResult | null;
  error: string | null;
  running: boolean;
  /** the query is not approved in this tab (it came with a link): nothing runs until it is */
  waiting: boolean;
  /** stops the running query (the engine restarts: DuckDB cannot be interrupted otherwise) */
  cancel(): void;
}

/** Said when a query was stopped; the data comes back by itself, the query only on Run. */
const STOPPED = {
  timeout: `Stopped after ${ENGINE_LIMITS.queryMs / 1000} s, the time limit for a query: the engine was restarted and the data reloaded. Narrow the query (a WHERE on ts, a LIMIT) and Run it again.`,
  cancelled: 'Cancelled: the engine was restarted to stop the query, and the data reloaded. Run starts it again.',
};

/**
 * Runs a cell's committed query whenever it, a table it reads (`tablesKey`, lib/notebook/tables.ts) or `nonce` (the Run button
 * on an unchanged query) changes, once `approved`. A late answer to an older run never overwrites a
 * newer one. The engine decides what may run: the text goes to it unchanged.
 * Each run has a time limit (ENGINE_LIMITS.queryMs) and can be cancelled; a stopped query does not
 * start again by itself when the data is reloaded, only when Run is pressed.
 */
export function useSqlRun(engine: Engine, query: string, tablesKey: string, nonce: number, approved: boolean, onDone?: () => void): SqlRun {
  const key = `${tablesKey}\u0000${nonce}\u0000${query}`;
  const [state, setState] = useState<{ key: string; result: SqlResult | null; error: string | null }>({ key: '', result: null, error: null });
  const abort = useRef<AbortController | null>(null);
  // the run (nonce + query) that was stopped, and why
  const stopped = useRef<{ run: string; message: string } | null>(null);
  useEffect(() => {
    if (!approved) return;
    let live = true;
    const run = `${nonce}\u0000${query}`;
    const halted = stopped.current?.run === run ? stopped.current.message : null;
    if (halted !== null) {
      queueMicrotask(() => {
        if (live) setState({ key, result: null, error: halted });
      });
      return () => {
        live = false;
      };
    }
    const ctrl = new AbortController();
    abort.current = ctrl;
    const limits = { timeLimitMs: ENGINE_LIMITS.queryMs, signal: ctrl.signal };
    (async () => {
      const t0 = performance.now();
      const r = await engine.query(query, { ...limits, limit: FETCH_LIMIT });
      const elapsedMs = performance.now() - t0;
      if (!r.ok && (r.error.kind === 'timeout' || r.error.kind === 'cancelled')) stopped.current = { run, message: STOPPED[r.error.kind] };
      if (!live) return;
      if (!r.ok) {
        setState({ key, result: null, error: stopped.current?.run === run ? stopped.current.message : r.error.message });
        onDone?.();
        return;
      }
      const { rows, truncated } = limitRows(r.value);
      // DESCRIBE only binds the query: cheap, and it gives column order and DuckDB types even for zero rows
      const d = await engine.query(describeSql(query), limits);
      if (!live) return;
      const described = d.ok ? d.value.map((x) => ({ name: String(x.column_name), type: String(x.column_type) })) : null;
      setState({ key, result: { rows, columns: resultColumns(rows, described), truncated, elapsedMs }, error: null });
      onDone?.();
    })();
    return () => {
      live = false;
      if (abort.current === ctrl) abort.current = null;
    };
  }, [engine, query, key, nonce, approved, onDone]);
  const cancel = useCallback(() => abort.current?.abort(), []);
  if (!approved) return { result: null, error: null, running: false, waiting: true, cancel };
  const current = state.key === key;
  return { result: current || state.error === null ? state.result : null, error: current ? state.error : null, running: !current, waiting: false, cancel };
}
