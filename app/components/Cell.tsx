'use client';
import { useId, useState, type ReactNode } from 'react';

/**
 * A notebook cell: titled, collapsible from the keyboard, with a status line. Its error boundary
 * (CellBoundary) is placed around the cell component by whoever renders it, not in here.
 */
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
        {children}
      </div>
    </section>
  );
}
