'use client';
import type { ExperimentSpec } from '@/lib/spec/schema';
import type { WindowsSourceState } from '@/app/hooks/useWindowsSource';
import type { WindowTableSummary } from '@/lib/features/window-held';
import { isWindowTableName } from '@/lib/features/window-file';
import { fmtInt } from '@/app/components/format';

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * A window table as the source (`harbinger features --out`, or a ClickHouse/Spark job writing the
 * same layout): the detectors read its rows as the feature frame; there are no log lines behind it.
 */
export function WindowsSourcePanel({ source, windows, table, disabled }: { source: ExperimentSpec['source']; windows: WindowsSourceState; table: WindowTableSummary | null; disabled: boolean }) {
  const src = source.kind === 'windows' ? source : null;
  return (
    <div data-testid="windows-source" style={{ marginBottom: 10 }}>
      <div className="row">
        <label className="small muted">
          Window table (<code>ts</code> + one column per feature, .parquet or .csv, as <code>harbinger features --out</code> writes it):{' '}
          <input
            type="file"
            accept=".csv,.parquet,text/csv"
            aria-label="Window table file"
            data-testid="windows-file-input"
            disabled={disabled}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (f && isWindowTableName(f.name)) windows.open(f);
            }}
          />
        </label>
      </div>
      {windows.awaiting ? (
        <p className="msg info" role="status" data-testid="windows-awaiting">
          This link was made from the window table {windows.awaiting.file.name} ({fmtInt(windows.awaiting.file.size)} bytes, SHA-256 {windows.awaiting.file.sha256.slice(0, 12)}…)
          {windows.awaiting.labels ? ` with ${windows.awaiting.labels.length} labeled span${windows.awaiting.labels.length === 1 ? '' : 's'} (in the link)` : ''}. Data never travels in links: choose
          the same file to reproduce it.
        </p>
      ) : null}
      {windows.error ? (
        <p className="msg error" role="alert" data-testid="windows-error">
          {windows.error}
        </p>
      ) : null}
      {src && table ? (
        <p className="small muted" data-testid="windows-summary" data-windows={table.windows} data-window-sec={table.windowSec}>
          Window table {table.name}: {fmtInt(table.windows)} windows of {table.windowSec} s ({iso(table.from)} – {iso(table.to)} UTC) × {table.features.length} features. It holds no log lines: the
          request, auth and metric tables are empty.
        </p>
      ) : null}
    </div>
  );
}
