'use client';
import { useMemo } from 'react';
import { downloadBlob } from '@/app/components/download';
import type { DetectorResult, EvalRun, FeatureFrame } from '@/lib/eval/evaluate';
import { EXPORT_FORMATS, alarmsTable, exportFile, featuresTable, metricsTable, scoresTable, type Table } from '@/lib/report/export';

/** The data behind the report as CSV/JSON/Parquet downloads, each table built on click. */
export function Exports({ frame, run, rows }: { frame: FeatureFrame | null; run: EvalRun | null; rows: readonly DetectorResult[] }) {
  // tables are built on click: a slider move must not rebuild ten thousand rows per table
  const tables = useMemo(() => {
    const t: { id: string; title: string; rows: number | null; build: (() => Table) | null }[] = [
      { id: 'features', title: 'Features', rows: frame?.starts.length ?? null, build: frame ? () => featuresTable(frame) : null },
      { id: 'scores', title: 'Scores', rows: run?.windows ?? null, build: run ? () => scoresTable(run) : null },
      { id: 'alarms', title: 'Alarms', rows: null, build: run ? () => alarmsTable(run, rows) : null },
      { id: 'metrics', title: 'Metrics', rows: run ? rows.length : null, build: run ? () => metricsTable(rows) : null },
    ];
    return t;
  }, [frame, run, rows]);

  return (
    <>
      <h3 style={{ marginTop: 16 }}>Exports</h3>
      <p className="small muted">CSV cells starting with =, +, -, @ are prefixed with an apostrophe so spreadsheets do not run them.</p>
      <table className="data">
        <tbody>
          {tables.map((t) => (
            <tr key={t.id}>
              <td>{t.title}</td>
              <td className="num">{!t.build ? <span className="muted">train the models first</span> : t.rows !== null ? `${t.rows.toLocaleString('en-US')} rows` : <span className="muted">test span, every detector</span>}</td>
              <td>
                <span className="row" style={{ gap: 6 }}>
                  {EXPORT_FORMATS.map((f) => (
                    <button
                      key={f}
                      type="button"
                      disabled={!t.build}
                      data-testid={`export-${t.id}-${f}`}
                      onClick={() => {
                        if (!t.build) return;
                        const { data, type } = exportFile(t.build(), f);
                        downloadBlob(`harbinger-${t.id}.${f}`, new Blob([data as BlobPart], { type }));
                      }}
                    >
                      {f.toUpperCase()}
                    </button>
                  ))}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
