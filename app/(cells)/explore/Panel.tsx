'use client';
import type { ReactNode } from 'react';
import type { QueryState } from '@/app/hooks/useQuery';

/** A titled panel that shows its query's loading and error state; errors stay inside the panel. */
export function Panel({ title, q, children, testId, wide }: { title: string; q: QueryState; children: ReactNode; testId?: string; wide?: boolean }) {
  return (
    <div className="panel" data-testid={testId} style={wide ? { gridColumn: '1 / -1' } : undefined} aria-busy={q.loading}>
      <h3>{title}</h3>
      {q.error ? (
        <p className="msg error" role="alert">
          {q.error}
        </p>
      ) : q.rows === null ? (
        <p className="small muted">Loading…</p>
      ) : q.rows.length === 0 ? (
        <p className="small muted">No data in this range.</p>
      ) : (
        children
      )}
    </div>
  );
}
