'use client';
import { useEffect, useState } from 'react';
import type { Engine } from '@/app/engine/client';
import type { Row } from '@/lib/engine/db';
import { resultColumns, type ResultColumn } from '@/lib/sql/columns';
import { describeSql, limitRows, prepareQuery, userErrorMessage } from '@/lib/sql/statement';

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
}

/**
 * Runs a cell's committed query whenever it, the loaded data (`version`) or `nonce` (the Run button
 * on an unchanged query) changes. A late answer to an older run never overwrites a newer one.
 */
export function useSqlRun(engine: Engine, query: string, version: number, nonce: number, onDone?: () => void): SqlRun {
  const key = `${version}\u0000${nonce}\u0000${query}`;
  const [state, setState] = useState<{ key: string; result: SqlResult | null; error: string | null }>({ key: '', result: null, error: null });
  useEffect(() => {
    let live = true;
    const prepared = prepareQuery(query);
    if (!prepared.ok) {
      // checked before the engine sees it: nothing to wait for
      queueMicrotask(() => {
        if (live) setState({ key, result: null, error: prepared.message });
      });
      return () => {
        live = false;
      };
    }
    (async () => {
      const t0 = performance.now();
      const r = await engine.query(prepared.sql);
      const elapsedMs = performance.now() - t0;
      if (!live) return;
      if (!r.ok) {
        setState({ key, result: null, error: userErrorMessage(r.error.message, prepared.body) });
        onDone?.();
        return;
      }
      const { rows, truncated } = limitRows(r.value);
      // DESCRIBE only binds the query: cheap, and it gives column order and DuckDB types even for zero rows
      const d = await engine.query(describeSql(prepared.body));
      if (!live) return;
      const described = d.ok ? d.value.map((x) => ({ name: String(x.column_name), type: String(x.column_type) })) : null;
      setState({ key, result: { rows, columns: resultColumns(rows, described), truncated, elapsedMs }, error: null });
      onDone?.();
    })();
    return () => {
      live = false;
    };
  }, [engine, query, key, onDone]);
  const current = state.key === key;
  return { result: current || state.error === null ? state.result : null, error: current ? state.error : null, running: !current };
}
