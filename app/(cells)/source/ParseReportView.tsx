'use client';
import { useState } from 'react';
import type { ParseReport } from '@/lib/ingest/types';
import type { Engine } from '@/app/engine/client';
import { toCsv } from '@/lib/report/csv';
import { downloadText } from '@/app/components/download';
import { fmtInt, fmtTs } from '@/app/components/format';

const SHOWN = 200;

/** The parse report: per file lines read/parsed/rejected, and every rejected line viewable and downloadable. */
export function ParseReportView({ reports, engine }: { reports: ParseReport[]; engine: Engine }) {
  const [open, setOpen] = useState(false);
  const [dlError, setDlError] = useState<string | null>(null);
  const total = reports.reduce(
    (a, r) => ({ lines: a.lines + r.lines, parsed: a.parsed + r.parsed, rejected: a.rejected + r.rejected, ms: a.ms + r.elapsedMs }),
    { lines: 0, parsed: 0, rejected: 0, ms: 0 },
  );
  const rejects = reports.flatMap((r) => r.rejects);

  async function download() {
    const r = await engine.query('SELECT source, line, reason, text FROM parse_rejects ORDER BY source, line');
    if (!r.ok) {
      setDlError(r.error.message);
      return;
    }
    downloadText('rejected-lines.csv', toCsv(r.value, ['source', 'line', 'reason', 'text']));
  }

  return (
    <div data-testid="parse-report" data-lines={total.lines} data-parsed={total.parsed} data-rejected={total.rejected} data-elapsed-ms={Math.round(total.ms)}>
      <table className="data">
        <thead>
          <tr>
            <th>File</th>
            <th>Format</th>
            <th className="num">Lines</th>
            <th className="num">Parsed</th>
            <th className="num">Rejected</th>
            <th>First</th>
            <th>Last</th>
            <th className="num">Lines/s</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => (
            <tr key={r.source}>
              <td>{r.source}</td>
              <td>{r.format}</td>
              <td className="num">{fmtInt(r.lines)}</td>
              <td className="num">{fmtInt(r.parsed)}</td>
              <td className="num">{fmtInt(r.rejected)}</td>
              <td>{fmtTs(r.firstTs)}</td>
              <td>{fmtTs(r.lastTs)}</td>
              <td className="num">{r.elapsedMs > 0 ? fmtInt((r.lines / r.elapsedMs) * 1000) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total.rejected > 0 ? (
        <div style={{ marginTop: 8 }}>
          <div className="row">
            <span className="msg warn">
              {fmtInt(total.rejected)} line{total.rejected === 1 ? '' : 's'} could not be parsed; none were dropped silently.
            </span>
            <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
              {open ? 'Hide rejected lines' : 'Show rejected lines'}
            </button>
            <button type="button" onClick={download}>
              Download rejected lines (CSV)
            </button>
          </div>
          {dlError ? <p className="msg error">{dlError}</p> : null}
          {open ? (
            <table className="data" data-testid="rejects-table" style={{ marginTop: 8 }}>
              <thead>
                <tr>
                  <th>File</th>
                  <th className="num">Line</th>
                  <th>Reason</th>
                  <th>Text</th>
                </tr>
              </thead>
              <tbody>
                {rejects.slice(0, SHOWN).map((r) => (
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
          {open && rejects.length > SHOWN ? <p className="small muted">Showing the first {SHOWN}; the CSV download has {fmtInt(rejects.length)}.</p> : null}
          {rejects.length < total.rejected ? <p className="small muted">Rejected lines are counted in full; the text of the first {fmtInt(rejects.length)} is kept.</p> : null}
        </div>
      ) : null}
    </div>
  );
}
