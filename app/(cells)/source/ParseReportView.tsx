'use client';
import type { ParseReport } from '@/lib/ingest/types';
import type { Engine } from '@/app/clients/engine';
import { fmtInt, fmtTs } from '@/app/components/format';
import { IssueList } from './IssueList';

/** The parse report: per file lines read / parsed / rejected, and every rejected or damaged line, viewable and downloadable. */
export function ParseReportView({ reports, engine }: { reports: ParseReport[]; engine: Engine }) {
  const total = reports.reduce(
    (a, r) => ({ lines: a.lines + r.lines, parsed: a.parsed + r.parsed, rejected: a.rejected + r.rejected, warned: a.warned + r.warned, ms: a.ms + r.elapsedMs }),
    { lines: 0, parsed: 0, rejected: 0, warned: 0, ms: 0 },
  );
  return (
    <div
      data-testid="parse-report"
      data-lines={total.lines}
      data-parsed={total.parsed}
      data-rejected={total.rejected}
      data-warned={total.warned}
      data-elapsed-ms={Math.round(total.ms)}
    >
      <table className="data">
        <thead>
          <tr>
            <th>File</th>
            <th>Format</th>
            <th className="num">Lines</th>
            <th className="num">Parsed</th>
            <th className="num">Rejected</th>
            <th className="num">Warnings</th>
            <th className="num">Skipped</th>
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
              <td className="num">{fmtInt(r.warned)}</td>
              <td className="num" title="blank lines and CSV headers">
                {fmtInt(r.skipped)}
              </td>
              <td>{fmtTs(r.firstTs)}</td>
              <td>{fmtTs(r.lastTs)}</td>
              <td className="num">{r.elapsedMs > 0 ? fmtInt((r.lines / r.elapsedMs) * 1000) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <IssueList
        engine={engine}
        issues={reports.flatMap((r) => r.rejects)}
        count={total.rejected}
        table="parse_rejects"
        tone="warn"
        noun={{ one: 'rejected line', many: 'rejected lines', summary: 'not loaded; none were dropped silently.' }}
      />
      <IssueList
        engine={engine}
        issues={reports.flatMap((r) => r.warnings)}
        count={total.warned}
        table="parse_warnings"
        tone="info"
        noun={{ one: 'damaged line', many: 'damaged lines', summary: 'loaded, but worth a look.' }}
      />
    </div>
  );
}
