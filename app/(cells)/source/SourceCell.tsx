'use client';
import { Cell } from '@/app/components/Cell';
import type { Engine } from '@/app/clients/engine';
import type { Dataset } from '@/app/hooks/useDataset';
import type { ExperimentSpec, SampleId } from '@/lib/spec/schema';
import type { ParseOptions } from '@/lib/ingest/types';
import { SAMPLES } from '@/app/clients/samples';
import { UploadPanel } from './UploadPanel';
import { LabelsPanel } from './LabelsPanel';
import type { LabelSpan } from '@/lib/labels/file';
import { LoadProgress } from './LoadProgress';
import { ParseReportView } from './ParseReportView';
import { fmtInt } from '@/app/components/format';
import { PRESETS, type PresetId } from '@/simulator/scenario';
import { PRESET_IDS } from '@/lib/spec/schema';
import type { Loaded } from '@/app/hooks/useDataset';
import type { NabSourceState } from '@/app/hooks/useNabSource';
import { NabSourcePanel } from './NabSourcePanel';
import { WindowsSourcePanel } from './WindowsSourcePanel';
import type { WindowsSourceState } from '@/app/hooks/useWindowsSource';
import { assertNever } from '@/lib/util/assert-never';

function loadedRows(l: Loaded): number {
  switch (l.kind) {
    case 'parse':
      return l.reports.reduce((a, r) => a + r.parsed + r.warned, 0);
    case 'sim':
      return l.summary.rows.requests + l.summary.rows.auth_events + l.summary.rows.metrics;
    case 'windows':
      return l.table.windows;
    default:
      return assertNever(l);
  }
}

interface Props {
  spec: ExperimentSpec;
  engine: Engine | null;
  dataset: Dataset;
  onUpload: (files: File[], parse: ParseOptions) => void;
  onSample: (id: SampleId) => void;
  onPreset: (id: PresetId) => void;
  onLabels: (labels: LabelSpan[] | null) => void;
  labelsError: string | null;
  /** NAB-style metric series as a source */
  nab: NabSourceState;
  /** a window table (features computed elsewhere) as a source */
  windows: WindowsSourceState;
}

/** First and last time of parsed logs (or of a window table's windows), epoch ms. */
function spanOf(l: Loaded | null): { first: number; last: number } | null {
  if (l?.kind === 'windows') return { first: l.table.from, last: l.table.to + l.table.windowSec * 1000 };
  if (!l || l.kind !== 'parse') return null;
  const firsts = l.reports.map((r) => r.firstTs).filter((t): t is number => t !== null);
  const lasts = l.reports.map((r) => r.lastTs).filter((t): t is number => t !== null);
  return firsts.length === 0 || lasts.length === 0 ? null : { first: Math.min(...firsts), last: Math.max(...lasts) };
}

/** Source cell: where the data comes from (a shipped sample or the user's files) and how it parsed. */
export function SourceCell({ spec, engine, dataset, onUpload, onSample, onPreset, onLabels, labelsError, nab, windows }: Props) {
  const st = dataset.state;
  const src = spec.source;
  const parse: ParseOptions = src.kind === 'upload' ? src.parse : { format: 'auto', latencyUnit: 'auto' };
  const held = dataset.loaded;
  const status = st.phase === 'loading' ? 'loading…' : held ? `${fmtInt(loadedRows(held))} rows loaded` : st.phase;
  // loads are atomic: what was loaded before a failed or cancelled load is still there, untouched
  const kept = held ? ` The data loaded before (${fmtInt(loadedRows(held))} rows) is unchanged.` : '';
  return (
    <Cell title="Source" status={status} testId="source-cell">
      <div className="row" style={{ marginBottom: 10 }}>
        <span className="small muted">Simulate:</span>
        {PRESET_IDS.map((id) => (
          <button key={id} type="button" aria-pressed={src.kind === 'simulator' && src.preset === id} disabled={!engine} onClick={() => onPreset(id)}>
            {PRESETS[id].label}
          </button>
        ))}
      </div>
      <div className="row" style={{ marginBottom: 10 }}>
        <span className="small muted">Samples:</span>
        {SAMPLES.map((s) => (
          <button key={s.id} type="button" aria-pressed={src.kind === 'sample' && src.id === s.id} disabled={!engine} onClick={() => onSample(s.id)}>
            {s.label}
          </button>
        ))}
      </div>
      <NabSourcePanel source={src} nab={nab} disabled={!engine} />
      <WindowsSourcePanel source={src} windows={windows} table={held?.kind === 'windows' ? held.table : null} disabled={!engine} />
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
          <p className="msg error" role="alert" data-testid="load-failed">
            Could not load {st.names.join(', ')}: {st.message}
            {kept}
          </p>
        ) : null}
        {st.phase === 'cancelled' ? (
          <p className="msg warn" role="status" data-testid="load-cancelled">
            Loading {st.names.join(', ')} was cancelled.{kept}
          </p>
        ) : null}
        {st.phase === 'ready' && engine && st.loaded.kind === 'parse' ? <ParseReportView reports={st.loaded.reports} engine={engine} /> : null}
        {src.kind === 'upload' && held ? (
          <LabelsPanel files={src.files.map((f) => f.name)} labels={src.labels} span={spanOf(held)} onLabels={onLabels} engineError={labelsError} range={spec.explore.range} />
        ) : null}
        {src.kind === 'windows' && held?.kind === 'windows' ? (
          <LabelsPanel files={[src.file.name]} labels={src.labels} span={spanOf(held)} onLabels={onLabels} engineError={labelsError} range={spec.explore.range} />
        ) : null}
        {st.phase === 'ready' && st.loaded.kind === 'sim' ? (
          <p
            className="small muted"
            data-testid="sim-summary"
            data-requests={st.loaded.summary.rows.requests}
            data-rows={st.loaded.summary.rows.requests + st.loaded.summary.rows.auth_events + st.loaded.summary.rows.metrics}
            data-elapsed-ms={Math.round(st.loaded.summary.elapsedMs)}
          >
            Simulated {fmtInt(st.loaded.summary.rows.requests)} requests, {fmtInt(st.loaded.summary.rows.auth_events)} auth events and{' '}
            {fmtInt(st.loaded.summary.rows.metrics)} metric points with {st.loaded.summary.incidents} labeled incidents in{' '}
            {fmtInt(st.loaded.summary.elapsedMs)} ms.
          </p>
        ) : null}
      </div>
    </Cell>
  );
}
