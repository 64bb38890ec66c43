'use client';
import { useDeferredValue, useMemo } from 'react';
import type * as Plot from '@observablehq/plot';
import { Cell } from '@/app/components/Cell';
import { PlotFigure } from '@/app/components/PlotFigure';
import { plotOptions } from '@/app/components/chart';
import { fmtSpan } from '@/app/components/format';
import type { Evaluation } from '@/app/hooks/useEvaluation';
import type { EvalRun } from '@/lib/eval/evaluate';
import { predictionChart } from '@/lib/charts/score';
import { bandRows } from '@/lib/charts/bands';
import { PREDICTOR, predictionOf, type PredictionReport } from '@/lib/predict/report';
import { NoLabels } from '@/app/components/NoLabels';
import type { ExperimentSpec } from '@/lib/spec/schema';
import { CalibrationTable, CompareTable, KindsTable, LeadsTable, WarningsTable } from './PredictTables';

/** Failure prediction: the KNN predictor's probability that a failure is coming, its warnings and how they turned out. */
export function PredictCell({ evaluation, source }: { evaluation: Evaluation; source: ExperimentSpec['source']['kind'] }) {
  // deferred: a threshold move updates the metrics first, this cell right after (interruptibly)
  const run = useDeferredValue(evaluation.result?.run ?? null);
  const row = useMemo(() => run?.detectors.find((r) => r.name === PREDICTOR) ?? null, [run]);
  const report = useMemo(() => (run ? predictionOf(run) : null), [run]);
  const options = useMemo(() => (run && report ? chart(run, report) : null), [run, report]);

  return (
    <Cell title="Predict" testId="predict-cell" status={report ? `warns at p ≥ ${report.threshold.toPrecision(2)}` : undefined}>
      {!run ? (
        <p className="muted">Predictions appear once the models have trained.</p>
      ) : run.context.labels.length === 0 ? (
        <NoLabels cell="predict" source={source} />
      ) : !row ? (
        <p className="msg info">Pick “KNN failure predictor” in the Models cell to predict failures from the run-ups of past ones.</p>
      ) : row.error !== null || !report ? (
        <p className="msg warn" role="alert">
          The KNN failure predictor could not train: {row.error ?? 'no scores'}. It learns from failures whose run-up (precursor) is labeled in the training span (for your own logs: a labels file in the Source cell with precursor rows).
        </p>
      ) : (
        <Report report={report} options={options} />
      )}
    </Cell>
  );
}

function Report({ report, options }: { report: PredictionReport; options: Plot.PlotOptions | null }) {
  const m = report.model;
  return (
    <>
      <p className="small muted">
        For each window, the probability that a failure is coming: how many of its nearest training windows were in the run-up to a failure, calibrated on the training span. A
        warning is raised at or above the threshold, chosen on the training span (at most {m.warningsPerDay} false warning{m.warningsPerDay === 1 ? '' : 's'}/day there,
        out-of-fold); the slider “Threshold knn-prefailure” in the Evaluate cell moves it. A warning counts as followed when a failure starts within {fmtSpan(report.horizonMs)}{' '}
        (the longest learned run-up) or while it is still up; one raised again within {fmtSpan(report.rearmMs)} of being lifted is the same warning.
      </p>
      <p className="small" data-testid="predict-learned">
        Learned from {m.incidents.map((i) => `${i.kind} (${i.id})`).join(', ')}.
        {m.faint.length ? ` Run-up not visible in these features: ${m.faint.map((i) => `${i.kind} (${i.id})`).join(', ')}.` : ''}
        {m.suddenKinds.length ? ` Not predictable from these logs (no run-up): ${m.suddenKinds.join(', ')}.` : ''}
      </p>
      {options ? <PlotFigure options={options} label="Probability that a failure is coming, over time" /> : null}
      <div className="panel" style={{ marginTop: 12 }}>
        <h3>Against EWMA alarms as warnings (test span)</h3>
        <div style={{ overflowX: 'auto' }}>
          <CompareTable report={report} />
        </div>
        {report.baseline ? null : <p className="small muted">Add the EWMA chart in the Models cell to compare.</p>}
        <p className="small muted">
          A warning raised at a random moment would be followed by a failure {Math.round(100 * report.predictor.chanceShare)} % of the time here (the share of the test span
          a failure starts within the horizon of).
        </p>
      </div>
      <div className="grid2" style={{ marginTop: 12 }}>
        <div className="panel">
          <h3>Per failure kind (test span)</h3>
          <div style={{ overflowX: 'auto' }}>
            <KindsTable metrics={report.predictor} />
          </div>
        </div>
        <div className="panel">
          <h3>Calibration (training span, out-of-fold)</h3>
          <CalibrationTable report={report} />
        </div>
      </div>
      <WarningsTable report={report} />
      <LeadsTable metrics={report.predictor} />
    </>
  );
}

function chart(run: EvalRun, report: PredictionReport): Plot.PlotOptions {
  return plotOptions(
    predictionChart({
      starts: run.context.starts,
      scores: run.scores[PREDICTOR],
      splitTime: run.splitTime,
      threshold: report.threshold,
      bands: bandRows(run.context.labels),
      warnings: report.predictor.warnings,
    }),
  );
}
