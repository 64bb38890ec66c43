'use client';
import { useEffect, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import type { Row } from '@/lib/db/db';

export interface QueryState {
  /** rows of the latest finished query (kept while a newer one runs, so panels do not flicker) */
  rows: Row[] | null;
  error: string | null;
  loading: boolean;
}

/**
 * Runs `sql` on the engine whenever the SQL text or the loaded data (`version`) changes.
 * A late answer to an older query never overwrites a newer one.
 */
export function useQuery(engine: Engine | null, sql: string | null, version: number): QueryState {
  const key = `${version}\u0000${sql ?? ''}`;
  const [state, setState] = useState<{ key: string; rows: Row[] | null; error: string | null }>({ key: '', rows: null, error: null });
  useEffect(() => {
    if (!engine || sql === null) return;
    let live = true;
    engine.query(sql).then((r) => {
      if (!live) return;
      setState(r.ok ? { key, rows: r.value, error: null } : { key, rows: null, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [engine, sql, key]);
  return { rows: state.rows, error: state.error, loading: state.key !== key };
}
