'use client';
import { useId, useMemo, useState } from 'react';
import { LABEL_KIND, labelNotes, parseLabelsFile, rowsOfSpans, spansOf, type LabelSpan } from '@/lib/labels/file';
import { LABEL_PHASES, type LabelPhase } from '@/lib/labels/types';
import { fmtInt } from '@/app/components/format';
import { LabelsTable } from './LabelsTable';

interface Props {
  /** names of the uploaded logs (NAB windows JSON holds windows per data file) */
  files: readonly string[];
  labels: readonly LabelSpan[] | undefined;
  /** the loaded data's first and last time, epoch ms; null before anything is loaded */
  span: { first: number; last: number } | null;
  onLabels: (labels: LabelSpan[] | null) => void;
  /** why the engine could not take the labels, if it could not */
  engineError: string | null;
  /** the time range brushed on a chart (Explore), epoch ms [from, to); null = none */
  range: { from: number; to: number } | null;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * Labels for the user's own logs: a file in any format the CLI reads (CSV start,end,kind[,phase],
 * NAB windows JSON, the simulator's incidents.json). They go into the spec, so the link carries
 * them, and the Evaluate, Predict and Report cells score against them.
 */
export function LabelsPanel({ files, labels, span, onLabels, engineError, range }: Props) {
  const [problem, setProblem] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const inputId = useId();
  const kindId = useId();
  const phaseId = useId();
  const [kind, setKind] = useState('incident');
  const [phase, setPhase] = useState<LabelPhase>('failure');
  const kindOk = LABEL_KIND.test(kind);

  /** the brushed range as one more labeled phase (the spec keeps spans in time order) */
  function mark() {
    if (!range || !kindOk) return;
    onLabels(spansOf(rowsOfSpans([...(labels ?? []), { start: range.from, end: range.to, kind, phase }])));
  }
  const rows = useMemo(() => (labels ? rowsOfSpans(labels) : []), [labels]);
  const notes = useMemo(() => labelNotes(rows, span), [rows, span]);
  const incidents = new Set(rows.map((r) => r.incidentId)).size;

  async function pick(list: FileList | null) {
    const file = list?.[0];
    if (!file) return;
    try {
      const parsed = parseLabelsFile(file.name, await file.text(), files);
      setProblem(null);
      setFrom(file.name);
      onLabels(spansOf(parsed));
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div className="panel" style={{ marginTop: 10 }} data-testid="labels-panel">
      <h3>Incidents in these logs</h3>
      <div className="row">
        <label htmlFor={inputId}>Labels file</label>
        <input
          id={inputId}
          type="file"
          accept=".csv,.json,.txt"
          data-testid="labels-input"
          onChange={(e) => {
            void pick(e.currentTarget.files);
            e.currentTarget.value = '';
          }}
        />
        {labels ? (
          <button type="button" onClick={() => onLabels(null)}>
            Remove labels
          </button>
        ) : null}
      </div>
      <p className="small muted">
        CSV <code>start,end,kind[,phase]</code> (ISO 8601, phase precursor or failure), NAB windows JSON, or a simulator incidents.json. The labels ride in the
        link; the logs do not.
      </p>
      <div className="row" style={{ marginTop: 6 }}>
        <label htmlFor={kindId}>Kind</label>
        <input id={kindId} size={14} value={kind} onChange={(e) => setKind(e.target.value)} aria-invalid={!kindOk} />
        <label htmlFor={phaseId}>Phase</label>
        <select id={phaseId} value={phase} onChange={(e) => setPhase(e.target.value as LabelPhase)}>
          {LABEL_PHASES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <button type="button" disabled={!range || !kindOk} onClick={mark}>
          Mark the selected range
        </button>
        <span className="small muted">
          {range ? `${iso(range.from)} – ${iso(range.to)}` : 'select a range on a chart in Explore (drag) or with From/To'}
          {!kindOk ? ' · kind: 1–40 letters, digits or . _ : -' : ''}
        </span>
      </div>
      {problem ? (
        <p className="msg error" role="alert" data-testid="labels-error">
          {problem}
        </p>
      ) : null}
      {engineError ? (
        <p className="msg error" role="alert">
          The labels could not be written to the engine: {engineError}
        </p>
      ) : null}
      {labels ? (
        <p className="small" data-testid="labels-summary">
          {fmtInt(incidents)} labeled incident{incidents === 1 ? '' : 's'} ({fmtInt(rows.length)} phases){from ? ` from ${from}` : ''}: the Evaluate, Predict and Report
          cells score against {incidents === 1 ? 'it' : 'them'}.
        </p>
      ) : (
        <p className="small muted" data-testid="labels-summary">
          No labels: the detectors still score and alarm (and alarms a day are counted), but precision, recall, incidents detected and lead times need labels.
        </p>
      )}
      {labels && labels.length > 0 ? <LabelsTable labels={labels} span={span} onLabels={onLabels} /> : null}
      {notes.length > 0 ? (
        <ul className="small" data-testid="labels-notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
