'use client';
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Row } from '@/lib/db/db';
import type { ColumnKind, ResultColumn } from '@/lib/sql/columns';
import { alignRight, formatCell } from '@/lib/sql/format';
import { fmtInt } from '@/app/components/format';

const ROW_PX = 22;
const WIDTH: Record<ColumnKind, number> = { timestamp: 230, epoch: 140, date: 110, number: 110, boolean: 70, text: 200 };

/**
 * A query result, virtualised: only the visible rows are in the DOM, so 100,000 rows scroll
 * smoothly. Values are React text nodes, so markup in a log line is shown, never run.
 */
export function ResultTable({ rows, columns, label }: { rows: Row[]; columns: ResultColumn[]; label: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 20 });
  const template = columns.map((c) => `minmax(${WIDTH[c.kind]}px, 1fr)`).join(' ');
  const width = columns.reduce((w, c) => w + WIDTH[c.kind] + 8, 16);
  return (
    <div
      ref={scroller}
      className="rawlog"
      data-testid="sql-result"
      role="table"
      aria-label={`${label}, ${fmtInt(rows.length)} rows`}
      aria-rowcount={rows.length + 1}
      tabIndex={0}
      style={{ height: Math.min(360, 30 + Math.max(1, rows.length) * ROW_PX), overflow: 'auto' }}
    >
      <div className="head" role="row" style={{ gridTemplateColumns: template, minWidth: width, position: 'sticky', top: 0, zIndex: 1 }}>
        {columns.map((c) => (
          <span key={c.name} role="columnheader" title={c.type ?? undefined} style={alignRight(c.kind) ? { textAlign: 'right' } : undefined}>
            {c.name}
          </span>
        ))}
      </div>
      {rows.length === 0 ? (
        <div className="small muted" style={{ padding: '4px 8px' }}>
          No rows.
        </div>
      ) : (
        <div style={{ height: virt.getTotalSize(), position: 'relative', minWidth: width }}>
          {virt.getVirtualItems().map((it) => {
            const r = rows[it.index]!;
            return (
              <div
                key={it.key}
                className="line"
                role="row"
                aria-rowindex={it.index + 2}
                data-testid="sql-row"
                style={{ gridTemplateColumns: template, position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${it.start}px)` }}
              >
                {columns.map((c) => {
                  const v = r[c.name] ?? null;
                  const text = formatCell(v, c.kind);
                  return (
                    <span key={c.name} role="cell" title={text.length > 24 ? text : undefined} className={v === null ? 'muted' : undefined} style={alignRight(c.kind) ? { textAlign: 'right' } : undefined}>
                      {text}
                    </span>
                  );
                })}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
