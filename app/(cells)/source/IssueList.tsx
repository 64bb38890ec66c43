'use client';
import { useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import type { LineIssue } from '@/lib/ingest/types';
import type { IssueTable } from '@/lib/db/schema';
import { toCsv } from '@/lib/report/csv';
import { downloadText } from '@/app/components/download';
import { fmtInt } from '@/app/components/format';

const SHOWN = 200;

interface Props {
  engine: Engine;
  /** all issues of this kind across files, as kept by the ingester */
  issues: LineIssue[];
  /** the full count (the kept list may be capped) */
  count: number;
  table: IssueTable;
  noun: { one: string; many: string; summary: string };
  tone: 'warn' | 'info';
}

/** Rejected lines or warnings: a count, a toggle to read them with line numbers, and a CSV download. */
export function IssueList({ engine, issues, count, table, noun, tone }: Props) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (count === 0) return null;

  async function download() {
    const r = await engine.query(`SELECT source, line, reason, text FROM ${table} ORDER BY source, line`);
    if (!r.ok) return setError(r.error.message);
    downloadText(`${table.replace('parse_', '')}.csv`, toCsv(r.value, ['source', 'line', 'reason', 'text']));
  }

  const label = noun.many.charAt(0).toUpperCase() + noun.many.slice(1);
  return (
    <div style={{ marginTop: 8 }}>
      <div className="row">
        <span className={`msg ${tone}`}>
          {fmtInt(count)} {count === 1 ? noun.one : noun.many}: {noun.summary}
        </span>
        <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? `Hide ${noun.many}` : `Show ${noun.many}`}
        </button>
        <button type="button" onClick={download}>
          Download {noun.many} (CSV)
        </button>
      </div>
      {error ? <p className="msg error">{error}</p> : null}
      {open ? (
        <table className="data" data-testid={`${table}-table`} aria-label={label} style={{ marginTop: 8 }}>
          <thead>
            <tr>
              <th>File</th>
              <th className="num">Line</th>
              <th>Reason</th>
              <th>Text</th>
            </tr>
          </thead>
          <tbody>
            {issues.slice(0, SHOWN).map((r) => (
              <tr key={`${r.source}:${r.line}`}>
                <td>{r.source}</td>
                <td className="num">{r.line}</td>
                <td>{r.reason}</td>
                <td style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{r.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {open && issues.length > SHOWN ? <p className="small muted">Showing the first {SHOWN}; the CSV download has {fmtInt(issues.length)}.</p> : null}
      {issues.length < count ? <p className="small muted">All {fmtInt(count)} are counted; the text of the first {fmtInt(issues.length)} is kept.</p> : null}
    </div>
  );
}
