'use client';
import { useState } from 'react';
import type { ExperimentSpec } from '@/lib/spec/schema';
import { NAB_SAMPLES, type NabSampleId } from '@/lib/eval/nab-samples';
import type { NabSourceState } from '@/app/hooks/useNabSource';
import { fmtInt } from '@/app/components/format';

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * NAB-style metric series as a source: a shipped NAB series, or the user's `timestamp,value` CSV
 * with its windows (NAB's combined_windows.json or a JSON array of [start, end] for that file).
 */
export function NabSourcePanel({ source, nab, disabled }: { source: ExperimentSpec['source']; nab: NabSourceState; disabled: boolean }) {
  const [files, setFiles] = useState<File[]>([]);
  const src = source.kind === 'nab' ? source : null;
  const csv = files.find((f) => f.name.toLowerCase().endsWith('.csv')) ?? null;
  const json = files.find((f) => f.name.toLowerCase().endsWith('.json')) ?? null;
  const needsWindows = nab.awaiting === null;
  return (
    <div data-testid="nab-source" style={{ marginBottom: 10 }}>
      <div className="row">
        <span className="small muted">NAB series:</span>
        {NAB_SAMPLES.map((s) => (
          <button key={s.id} type="button" aria-pressed={src?.series.kind === 'sample' && src.series.id === s.id} disabled={disabled} onClick={() => nab.pickSample(s.id as NabSampleId)} title={s.key}>
            {s.label}
          </button>
        ))}
      </div>
      <div className="row" style={{ marginTop: 6 }}>
        <label className="small muted">
          Your series (CSV <code>timestamp,value</code>{needsWindows ? ' + its windows JSON' : ''}):{' '}
          <input
            type="file"
            multiple
            accept=".csv,.json,text/csv,application/json"
            aria-label="NAB series and windows files"
            data-testid="nab-file-input"
            disabled={disabled}
            onChange={(e) => {
              const list = Array.from(e.currentTarget.files ?? []);
              e.currentTarget.value = '';
              setFiles(list);
              const c = list.find((f) => f.name.toLowerCase().endsWith('.csv'));
              const j = list.find((f) => f.name.toLowerCase().endsWith('.json'));
              if (c && (j || !needsWindows)) nab.open(c, j ?? null);
            }}
          />
        </label>
        {csv && !json && needsWindows ? <span className="small muted">now the windows file of {csv.name}</span> : null}
        {json && !csv ? <span className="small muted">now the series CSV</span> : null}
      </div>
      {nab.awaiting && nab.awaiting.series.kind === 'upload' ? (
        <p className="msg info" role="status" data-testid="nab-awaiting">
          This link was made from the NAB-style series {nab.awaiting.series.file.name} ({fmtInt(nab.awaiting.series.file.size)} bytes, SHA-256 {nab.awaiting.series.file.sha256.slice(0, 12)}…) with{' '}
          {nab.awaiting.windows.length} window{nab.awaiting.windows.length === 1 ? '' : 's'} (in the link). Data never travels in links: choose the same file to reproduce it.
        </p>
      ) : null}
      {nab.error ? (
        <p className="msg error" role="alert" data-testid="nab-error">
          {nab.error}
        </p>
      ) : null}
      {src ? (
        <p className="small muted" data-testid="nab-source-summary">
          NAB series {src.key} with {src.windows.length} window{src.windows.length === 1 ? '' : 's'}
          {src.windows.length > 0 ? `: ${src.windows.map((w) => `${iso(w.start)} – ${iso(w.end)}`).join('; ')} UTC` : ''}. In SQL: <code>nab_series</code>, <code>nab_windows</code> (and the
          series as <code>metrics</code>, the windows as <code>labels</code>).
        </p>
      ) : null}
    </div>
  );
}
