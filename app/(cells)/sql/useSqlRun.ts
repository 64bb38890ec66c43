'use client';
import { useEffect, useState } from 'react';
import type { Engine } from '@/app/engine/client';
import type { Row } from '@/lib/engine/db';
import { resultColumns, type ResultColumn } from '@/lib/sql/columns';
import { FETCH_LIMIT, describeSql, limitRows } from '@/lib/sql/statement';

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
}

/**
 * Runs a cell's committed query whenever it, the loaded data (`version`) or `nonce` (the Run button
 * on an unchanged query) changes, once `approved`. A late answer to an older run never overwrites a
 * newer one. The engine decides what may run: the text goes to it unchanged.
 */
export function useSqlRun(engine: Engine, query: string, version: number, nonce: number, approved: boolean, onDone?: () => void): SqlRun {
  const key = `${version}\u0000${nonce}\u0000${query}`;
  const [state, setState] = useState<{ key: string; result: SqlResult | null; error: string | null }>({ key: '', result: null, error: null });
  useEffect(() => {
    if (!approved) return;
    let live = true;
    (async () => {
      const t0 = performance.now();
      const r = await engine.query(query, FETCH_LIMIT);
      const elapsedMs = performance.now() - t0;
      if (!live) return;
      if (!r.ok) {
        setState({ key, result: null, error: r.error.message });
        onDone?.();
        return;
      }
      const { rows, truncated } = limitRows(r.value);
      // DESCRIBE only binds the query: cheap, and it gives column order and DuckDB types even for zero rows
      const d = await engine.query(describeSql(query));
      if (!live) return;
      const described = d.ok ? d.value.map((x) => ({ name: String(x.column_name), type: String(x.column_type) })) : null;
      setState({ key, result: { rows, columns: resultColumns(rows, described), truncated, elapsedMs }, error: null });
      onDone?.();
    })();
    return () => {
      live = false;
    };
  }, [engine, query, key, approved, onDone]);
  if (!approved) return { result: null, error: null, running: false, waiting: true };
  const current = state.key === key;
  return { result: current || state.error === null ? state.result : null, error: current ? state.error : null, running: !current, waiting: false };
}
