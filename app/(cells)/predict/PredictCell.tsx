'use client';
import { useDeferredValue, useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { Cell } from '@/app/components/Cell';
import { PlotFigure } from '@/app/components/PlotFigure';
import { bandMarks } from '@/app/components/bands';
import { fmtTs } from '@/app/components/format';
import type { Evaluation } from '@/app/hooks/useEvaluation';
import { testEvents, type EvalRun } from '@/lib/eval/evaluate';
import type { LabelRow } from '@/lib/labels/types';
import type { Row } from '@/lib/engine/db';
import { chartPoints } from '@/lib/features/series';

const KNN = 'knn-prefailure';

/** The failure (labeled in the training span) whose start falls in window `index`, if any. */
function incidentAt(run: EvalRun, index: number): LabelRow | null {
  if (index < 0) return null;
  const start = run.context.starts[index];
  const windowMs = run.context.config.windowSec * 1000;
  return run.context.labels.find((l) => l.phase === 'failure' && l.start >= start && l.start < start + windowMs) ?? null;
}

const fmtLead = (ms: number | null) => (ms === null ? '–' : `${ms < 0 ? '−' : ''}${(Math.abs(ms) / 60_000).toFixed(1)} min`);

/** Failure prediction with the KNN pre-failure matcher: similarity to the run-up of past failures. */
export function PredictCell({ evaluation }: { evaluation: Evaluation }) {
  // deferred: a threshold move updates the metrics first, this cell right after (interruptibly)
  const run = useDeferredValue(evaluation.result?.run ?? null);
  const row = useMemo(() => run?.detectors.find((r) => r.name === KNN) ?? null, [run]);
  const view = useMemo(() => {
    if (!run || !row || row.error !== null || !run.scores[KNN]) return null;
    const scores = run.scores[KNN];
    const nearest = run.explain[KNN] as Int32Array | undefined;
    const ev = testEvents(run.context, scores, row.threshold);
    const warnings = ev.events.map((e) => {
      let peak = e.firstIndex + run.context.split.test.start;
      for (let i = e.firstIndex; i <= e.lastIndex; i++) {
        const g = i + run.context.split.test.start;
        if (scores[g] > scores[peak]) peak = g;
      }
      const like = nearest ? incidentAt(run, nearest[peak]) : null;
      return { start: e.start, end: e.end, peak: scores[peak], like };
    });
    const bands: Row[] = run.context.labels.map((l) => ({ incident_id: l.incidentId, kind: l.kind, phase: l.phase, start: l.start, end: l.end, target: l.target }));
    return { scores, ev, warnings, bands };
  }, [run, row]);
  const options = useMemo(() => (run && row && view ? chart(run, view.scores, row.threshold, view.bands) : null), [run, row, view]);

  return (
    <Cell title="Predict" testId="predict-cell" status={row && row.error === null ? `warns at similarity ≥ ${row.threshold.toFixed(2)}` : undefined}>
      {!run ? (
        <p className="muted">Predictions appear once the models have trained.</p>
      ) : !row ? (
        <p className="msg info">Pick “KNN pre-failure” in the Models cell to predict failures from the run-up of past ones.</p>
      ) : row.error !== null || !view ? (
        <p className="msg warn" role="alert">
          The KNN pre-failure matcher could not train: {row.error ?? 'no scores'}. It learns from labeled failures in the training span.
        </p>
      ) : (
        <>
          <p className="small muted">
            For each window, how closely the last windows resemble the run-up to a failure seen in training (1 = identical). A warning is raised at or above the
            threshold (the slider “Threshold knn-prefailure” in the Evaluate cell moves it).
          </p>
          {options ? <PlotFigure options={options} label="Similarity to past pre-failure patterns over time" /> : null}
          <div className="grid2" style={{ marginTop: 12 }}>
            <div className="panel">
              <h3>Warnings on the test span ({view.warnings.length})</h3>
              <table className="data" data-testid="predict-warnings">
                <thead>
                  <tr>
                    <th>From</th>
                    <th className="num">Peak similarity</th>
                    <th>Resembles</th>
                  </tr>
                </thead>
                <tbody>
                  {view.warnings.slice(0, 200).map((w) => (
                    <tr key={w.start}>
                      <td>{fmtTs(w.start)}</td>
                      <td className="num">{w.peak.toFixed(3)}</td>
                      <td>{w.like ? `${w.like.kind} (${w.like.incidentId}, ${fmtTs(w.like.start)})` : '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {view.warnings.length > 200 ? <p className="small muted">First 200 of {view.warnings.length} shown.</p> : null}
            </div>
            <div className="panel">
              <h3>Lead time per failure (test span)</h3>
              <table className="data" data-testid="predict-leads">
                <thead>
                  <tr>
                    <th>Failure</th>
                    <th>Starts</th>
                    <th>First warning</th>
                    <th className="num">Lead</th>
                  </tr>
                </thead>
                <tbody>
                  {view.ev.incidents.map((inc) => (
                    <tr key={inc.incidentId} data-detected={inc.detected}>
                      <td>
                        {inc.kind} ({inc.incidentId})
                      </td>
                      <td>{fmtTs(inc.failureStart)}</td>
                      <td>{inc.firstAlarm === null ? 'missed' : fmtTs(inc.firstAlarm)}</td>
                      <td className="num">{inc.firstAlarm === null ? '–' : fmtLead(inc.failureStart - inc.firstAlarm)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </>
      )}
    </Cell>
  );
}

function chart(run: EvalRun, scores: Float64Array, threshold: number, bands: Row[]): Plot.PlotOptions {
  return {
    height: 200,
    marginLeft: 48,
    x: { type: 'utc', label: null },
    y: { label: 'similarity', domain: [0, 1], grid: true },
    marks: [
      ...bandMarks(bands),
      Plot.ruleX([new Date(run.splitTime)], { stroke: '#8a8f98', strokeDasharray: '4,3' }),
      Plot.line(chartPoints(run.context.starts, scores), { x: 't', y: 's', stroke: '#7b3fb5', strokeWidth: 1 }),
      Plot.ruleY([threshold], { stroke: '#c0392b', strokeDasharray: '3,2' }),
    ],
  };
}
