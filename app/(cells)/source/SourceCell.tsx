'use client';
import { Cell } from '@/app/components/Cell';
import type { Engine } from '@/app/engine/client';
import type { Dataset } from '@/app/hooks/useDataset';
import type { ExperimentSpec } from '@/lib/spec/schema';
import type { ParseOptions } from '@/lib/ingest/types';
import { SAMPLES, type SampleId } from '@/app/engine/samples';
import { UploadPanel } from './UploadPanel';
import { LoadProgress } from './LoadProgress';
import { ParseReportView } from './ParseReportView';
import { fmtInt } from '@/app/components/format';

interface Props {
  spec: ExperimentSpec;
  engine: Engine | null;
  dataset: Dataset;
  onUpload: (files: File[], parse: ParseOptions) => void;
  onSample: (id: SampleId) => void;
}

/** Source cell: where the data comes from (a shipped sample or the user's files) and how it parsed. */
export function SourceCell({ spec, engine, dataset, onUpload, onSample }: Props) {
  const st = dataset.state;
  const src = spec.source;
  const parse: ParseOptions = src.kind === 'upload' ? src.parse : { format: 'auto', latencyUnit: 'auto' };
  const status =
    st.phase === 'ready' ? `${fmtInt(st.reports.reduce((a, r) => a + r.parsed, 0))} rows loaded` : st.phase === 'loading' ? 'loading…' : st.phase;
  return (
    <Cell title="Source" status={status} testId="source-cell">
      <div className="row" style={{ marginBottom: 10 }}>
        <span className="small muted">Samples:</span>
        {SAMPLES.map((s) => (
          <button key={s.id} type="button" aria-pressed={src.kind === 'sample' && src.id === s.id} disabled={!engine || st.phase === 'loading'} onClick={() => onSample(s.id)}>
            {s.label}
          </button>
        ))}
      </div>
      {src.kind === 'upload' && st.phase !== 'ready' && st.phase !== 'loading' ? (
        <p className="msg info" role="status">
          This experiment was made with {src.files.map((f) => `${f.name} (${fmtInt(f.size)} bytes)`).join(', ')}. Logs never travel in links: choose
          the same file{src.files.length === 1 ? '' : 's'} below to load {src.files.length === 1 ? 'it' : 'them'}.
        </p>
      ) : null}
      <UploadPanel initial={parse} onFiles={onUpload} />
      <div style={{ marginTop: 10 }}>
        {st.phase === 'loading' ? <LoadProgress names={st.names} progress={st.progress} onCancel={dataset.cancel} /> : null}
        {st.phase === 'failed' ? (
          <p className="msg error" role="alert">
            Could not load {st.names.join(', ')}: {st.message}
          </p>
        ) : null}
        {st.phase === 'cancelled' ? (
          <p className="msg warn" role="status">
            Loading {st.names.join(', ')} was cancelled.
          </p>
        ) : null}
        {st.phase === 'ready' && engine ? <ParseReportView reports={st.reports} engine={engine} /> : null}
      </div>
    </Cell>
  );
}
