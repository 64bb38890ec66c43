'use client';
import { useId, useState, type ReactNode } from 'react';
import { CellBoundary } from './CellBoundary';

/** A notebook cell: titled, collapsible from the keyboard, with a status line. */
export function Cell({ title, status, actions, children, testId }: { title: string; status?: ReactNode; actions?: ReactNode; children: ReactNode; testId?: string }) {
  const [collapsed, setCollapsed] = useState(false);
  const bodyId = useId();
  return (
    <section className={`cell${collapsed ? ' collapsed' : ''}`} aria-label={title} data-testid={testId}>
      <header>
        <button type="button" aria-expanded={!collapsed} aria-controls={bodyId} aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${title}`} onClick={() => setCollapsed((c) => !c)}>
          {collapsed ? '▸' : '▾'}
        </button>
        <h2>{title}</h2>
        {status ? <span className="status">{status}</span> : null}
        {actions}
      </header>
      <div className="body" id={bodyId}>
        <CellBoundary title={title}>{children}</CellBoundary>
      </div>
    </section>
  );
}
