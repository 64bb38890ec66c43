'use client';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Engine } from '@/app/clients/engine';
import { useQuery } from '@/app/hooks/useQuery';
import { rawCount, rawRequests } from '@/lib/explore/raw';
import type { ExploreFilter } from '@/lib/explore/filter';
import type { Row } from '@/lib/db/db';
import { fmtInt, fmtTs, num, str } from '@/app/components/format';

const PAGE = 200;
const ROW_PX = 22;

/**
 * Every request line, virtualised: only visible rows are in the DOM and pages of 200 rows are
 * fetched by offset as they scroll into view. Fields are React text nodes, so markup in a log
 * line is shown, never run.
 */
export function RawLogTable({ engine, version, filter }: { engine: Engine; version: number; filter: ExploreFilter }) {
  const count = useQuery(engine, useMemo(() => rawCount('requests', filter), [filter]), version);
  const total = num(count.rows?.[0]?.rows) ?? 0;
  const [pages, setPages] = useState<Map<number, Row[]>>(new Map());
  const pending = useRef(new Set<number>());
  const scroller = useRef<HTMLDivElement>(null);

  // new data or a new range: start from an empty cache
  useEffect(() => {
    pending.current.clear();
    setPages(new Map());
  }, [filter, version]);

  const virt = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 20 });
  const items = virt.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  const counting = count.loading;
  useEffect(() => {
    // the page query trusts `total`; never use a count from an older filter
    if (counting) return;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) {
      if (pages.has(p) || pending.current.has(p) || p * PAGE >= total) continue;
      pending.current.add(p);
      engine.query(rawRequests({ filter, offset: p * PAGE, limit: PAGE, total })).then((r) => {
        pending.current.delete(p);
        if (r.ok) setPages((m) => new Map(m).set(p, r.value));
      });
    }
  }, [first, last, pages, total, counting, engine, filter]);

  return (
    <div className="rawlog" data-testid="raw-log">
      <div className="head" role="row">
        <span>Time (UTC)</span>
        <span>Source</span>
        <span>IP</span>
        <span>Method</span>
        <span>Status</span>
        <span>Path</span>
        <span>Latency</span>
        <span>Bytes</span>
        <span>User agent</span>
      </div>
      <div ref={scroller} style={{ height: 360, overflow: 'auto' }} tabIndex={0} aria-label={`Raw log lines, ${fmtInt(total)} rows`}>
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {items.map((it) => {
            const r = pages.get(Math.floor(it.index / PAGE))?.[it.index % PAGE];
            const status = num(r?.status);
            return (
              <div key={it.key} className="line" data-testid="raw-line" style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${it.start}px)` }}>
                {r ? (
                  <>
                    <span>{fmtTs(num(r.ts))}</span>
                    <span title={str(r.source)}>{str(r.source)}</span>
                    <span>{str(r.ip)}</span>
                    <span>{str(r.method)}</span>
                    <span className={status ? `st-${Math.floor(status / 100)}` : undefined}>{str(r.status)}</span>
                    <span title={str(r.path)}>{str(r.path)}</span>
                    <span>{r.latency_ms === null ? '' : `${num(r.latency_ms)?.toFixed(1)} ms`}</span>
                    <span>{str(r.bytes)}</span>
                    <span title={str(r.user_agent)}>{str(r.user_agent)}</span>
                  </>
                ) : (
                  <span className="muted">…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div className="small muted" style={{ padding: '4px 8px' }}>
        {fmtInt(total)} rows
      </div>
    </div>
  );
}
