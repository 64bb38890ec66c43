'use client';
import { memo, useCallback, useMemo } from 'react';
import type { Engine } from '@/app/clients/engine';
import type { ExperimentSpec } from '@/lib/spec/schema';
import type { UseSpec } from '@/app/hooks/useSpec';
import { useQuery } from '@/app/hooks/useQuery';
import { tableCounts } from '@/lib/explore/raw';
import { requestsDaily } from '@/lib/explore/daily';
import { incidentBands } from '@/lib/explore/labels';
import type { ExploreFilter } from '@/lib/explore/filter';
import { Cell } from '@/app/components/Cell';
import { fmtInt, num } from '@/app/components/format';
import { RequestPanels } from './RequestPanels';
import { AuthPanels } from './AuthPanels';
import { MetricPanels } from './MetricPanels';
import { RangeControls } from './RangeControls';
import { DailyTable } from './DailyTable';
import { Panel } from './Panel';
import type { Range } from './TimeBrush';

/** Explore cell: dashboards over whatever tables hold data, all filtered by the spec's time range. */
export const ExploreCell = memo(function ExploreCell({ explore, setSpec, engine, version }: { explore: ExperimentSpec['explore']; setSpec: UseSpec['setSpec']; engine: Engine; version: number }) {
  const range = explore.range;
  const filter = useMemo<ExploreFilter>(() => ({ range }), [range]);
  const counts = useQuery(engine, useMemo(() => tableCounts(filter), [filter]), version);
  const all = useQuery(engine, useMemo(() => tableCounts({ range: null }), []), version);
  const daily = useQuery(engine, useMemo(() => requestsDaily(filter), [filter]), version);
  const bands = useQuery(engine, useMemo(() => incidentBands(filter), [filter]), version).rows;
  const c = all.rows?.[0];
  const inRange = counts.rows?.[0];
  const onRange = useCallback((r: Range | null) => setSpec((s) => ({ ...s, explore: { ...s.explore, range: r } })), [setSpec]);
  const bruteForce = explore.bruteForce;
  const topN = explore.topN;
  const status = inRange
    ? `${fmtInt(num(inRange.requests))} requests · ${fmtInt(num(inRange.auth_events))} auth events · ${fmtInt(num(inRange.metrics))} metric points${range ? ' in range' : ''}`
    : undefined;

  return (
    <Cell title="Explore" status={status} testId="explore-cell">
      {counts.error ? <p className="msg error">{counts.error}</p> : null}
      <RangeControls range={range} onRange={onRange} />
      {num(c?.requests) ? (
        <section aria-label="Requests" style={{ marginTop: 12 }}>
          <RequestPanels engine={engine} version={version} filter={filter} topN={topN} onRange={onRange} bands={bands} />
          <div className="grid2" style={{ marginTop: 16 }}>
            <Panel title="Requests per day" q={daily} testId="panel-requests-daily" wide>
              <DailyTable rows={daily.rows ?? []} errorsLabel="5xx" bruteForce={false} />
            </Panel>
          </div>
        </section>
      ) : null}
      {num(c?.auth_events) ? (
        <section aria-label="Authentication">
          <AuthPanels engine={engine} version={version} filter={filter} topN={topN} bruteForce={bruteForce} onRange={onRange} bands={bands} />
        </section>
      ) : null}
      {num(c?.metrics) ? (
        <section aria-label="Metrics">
          <MetricPanels engine={engine} version={version} filter={filter} onRange={onRange} bands={bands} />
        </section>
      ) : null}
      {c && !num(c.requests) && !num(c.auth_events) && !num(c.metrics) ? <p className="msg info">No rows were loaded.</p> : null}
    </Cell>
  );
});
