'use client';
import { useState } from 'react';
import { Cell } from '@/app/components/Cell';
import { fmtInt } from '@/app/components/format';
import type { Engine } from '@/app/clients/engine';
import { RESULT_LIMIT } from '@/lib/sql/statement';
import type { SqlCellSpec } from '@/lib/spec/schema';
import type { ChartSpec } from '@/lib/sql/chart';
import { ResultTable } from './ResultTable';
import { QuickChart } from './QuickChart';
import { useSqlRun } from './useSqlRun';
import { readKey, type TableVersions } from '@/lib/notebook/tables';
import { ENGINE_LIMITS } from '@/lib/jobs/supervisor';

const MAX_QUERY_CHARS = 20_000;

interface Props {
  cell: SqlCellSpec;
  index: number;
  engine: Engine;
  /** versions of the tables a cell can read: it re-runs when one its query reads changes */
  versions: TableVersions;
  autoFocus: boolean;
  /** the user approved this query text in this tab (see lib/sql/approval.ts) */
  approved: boolean;
  /** the user asked to run `text`: approve it */
  onApprove: (text: string) => void;
  /** commits a new query to the spec; returns why it was refused, or null */
  onQuery: (query: string) => string | null;
  onChart: (chart: ChartSpec) => void;
  onRemove: () => void;
  onRan: () => void;
}

/** One SQL cell: the query (committed to the link on Run / Ctrl+Enter), its result table and quick chart. */
export function SqlCell({ cell, index, engine, versions, autoFocus, approved, onApprove, onQuery, onChart, onRemove, onRan }: Props) {
  const title = `SQL ${index + 1}`;
  // The draft is local until Run: the link (and the query DuckDB runs) only change on purpose.
  const [draft, setDraft] = useState(cell.query);
  const [base, setBase] = useState(cell.query);
  if (base !== cell.query) {
    // the spec changed under us (back/forward, another link): show what it says
    setBase(cell.query);
    setDraft(cell.query);
  }
  const [nonce, setNonce] = useState(0);
  const [refused, setRefused] = useState<string | null>(null);
  const { result, error, running, waiting, cancel } = useSqlRun(engine, cell.query, readKey(cell.query, versions), nonce, approved, onRan);
  const edited = draft !== cell.query;

  const run = () => {
    // Run is the user's say-so for exactly the text in the box
    onApprove(draft);
    if (!edited) {
      setNonce((n) => n + 1);
      setRefused(null);
      return;
    }
    setRefused(onQuery(draft));
  };

  const status = waiting
    ? 'not run: from a link'
    : running
    ? 'running…'
    : result
      ? `${fmtInt(result.rows.length)}${result.truncated ? '+' : ''} rows · ${fmtInt(result.elapsedMs)} ms`
      : error
        ? 'error'
        : '';

  return (
    <Cell
      title={title}
      testId="sql-cell"
      status={
        <span data-testid="sql-status" data-running={running ? 'true' : 'false'} data-waiting={waiting ? 'true' : 'false'} title="time from sending the query to having its rows, including any wait while the engine finishes other work">
          {status}
        </span>
      }
      actions={
        <button type="button" aria-label={`Remove SQL cell ${index + 1}`} onClick={onRemove}>
          Remove
        </button>
      }
    >
      <textarea
        className="json"
        style={{ minHeight: 90 }}
        aria-label={`${title} query`}
        spellCheck={false}
        autoFocus={autoFocus}
        maxLength={MAX_QUERY_CHARS}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            run();
          }
        }}
      />
      <div className="row" style={{ marginTop: 4 }}>
        <button type="button" className="primary" onClick={run} aria-label={`Run ${title}`}>
          Run
        </button>
        {running ? (
          <button type="button" onClick={cancel} aria-label={`Cancel ${title}`} title={`Stops the query by restarting the engine (the data is reloaded); queries stop by themselves after ${ENGINE_LIMITS.queryMs / 1000} s`}>
            Cancel
          </button>
        ) : null}
        <span className="small muted">
          Ctrl/⌘+Enter runs the query{edited ? ' — edited, not run yet' : ''}
          {draft.length > MAX_QUERY_CHARS * 0.9 ? ` (${fmtInt(draft.length)} of ${fmtInt(MAX_QUERY_CHARS)} characters)` : ''}
        </span>
      </div>
      {waiting && !edited ? (
        <p className="msg warn" data-testid="sql-pending">
          This query came with the link and has not run. Read it, then press Run (or run all of the link&apos;s queries above).
        </p>
      ) : null}
      {refused ? (
        <div className="msg error" role="alert">
          {refused}
        </div>
      ) : null}
      {error !== null ? (
        <pre className="msg error" role="alert" data-testid="sql-error" style={{ whiteSpace: 'pre-wrap', fontFamily: 'ui-monospace, Menlo, monospace', fontSize: 12 }}>
          {error}
        </pre>
      ) : null}
      {result ? (
        <div style={{ marginTop: 8, opacity: running ? 0.6 : 1 }}>
          {result.truncated ? (
            <p className="msg warn" data-testid="sql-truncated">
              The query returned more than {fmtInt(RESULT_LIMIT)} rows; the result was cut to the first {fmtInt(RESULT_LIMIT)}. Aggregate or add a LIMIT to see the rest.
            </p>
          ) : null}
          <ResultTable rows={result.rows} columns={result.columns} label={`${title} result`} />
          <QuickChart rows={result.rows} columns={result.columns} chart={cell.chart} onChart={onChart} title={title} />
        </div>
      ) : null}
    </Cell>
  );
}
