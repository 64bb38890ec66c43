'use client';
import { assertNever } from '@/lib/util/assert-never';
import { fmtNum, fmtSpan, fmtTs } from '@/app/components/format';
import type { PredictionReport } from '@/lib/predict/report';
import type { FailureStatus, PredictionMetrics, WarningOutcome } from '@/lib/metrics/prediction';

const STATUS_TEXT: Record<FailureStatus, string> = {
  learnable: 'run-up learned in training: counted',
  unseen: 'no run-up of this kind in the training labels: not predictable from these logs, not counted',
  faint: 'run-up labeled but not visible in these features: not predictable from these logs, not counted',
  sudden: 'no run-up (sudden): not predictable from these logs, not counted',
};

function outcomeText(o: WarningOutcome): string {
  switch (o) {
    case 'followed':
      return 'followed by a failure';
    case 'during-incident':
      return 'during an incident';
    case 'false':
      return 'false';
    default:
      return assertNever(o);
  }
}

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(100 * x)} %`);
const lead = (ms: number | null) => (ms === null ? '–' : fmtSpan(ms));

/** Warnings of the test span with what became of them and the past incident each resembles. */
export function WarningsTable({ report }: { report: PredictionReport }) {
  const shown = report.predictor.warnings.slice(0, 200);
  return (
    <div className="panel" style={{ marginTop: 12, overflowX: 'auto' }}>
      <h3>Warnings on the test span ({report.predictor.warnings.length})</h3>
      <table className="data" data-testid="predict-warnings">
        <thead>
          <tr>
            <th>Raised</th>
            <th>Lifted</th>
            <th>Outcome</th>
            <th>Resembles</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((w, i) => {
            const like = report.resembles[i];
            return (
              <tr key={w.raisedAt} data-outcome={w.outcome}>
                <td>{fmtTs(w.raisedAt)}</td>
                <td>{fmtTs(w.liftedAt)}</td>
                <td>{outcomeText(w.outcome)}{w.followedBy ? ` (${w.followedBy})` : ''}</td>
                <td>{like ? `${like.kind} (${like.id}, failed ${fmtTs(like.failureStart)})` : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {report.predictor.warnings.length > shown.length ? <p className="small muted">First {shown.length} of {report.predictor.warnings.length} shown.</p> : null}
    </div>
  );
}

/** Each failure of the test span: warned before its failure phase, and how early. */
export function LeadsTable({ metrics }: { metrics: PredictionMetrics }) {
  return (
    <div className="panel" style={{ marginTop: 12, overflowX: 'auto' }}>
      <h3>Lead per failure (test span)</h3>
      <table className="data" data-testid="predict-leads">
        <thead>
          <tr>
            <th>Failure</th>
            <th>Starts</th>
            <th>Warned before</th>
            <th className="num">Lead</th>
          </tr>
        </thead>
        <tbody>
          {metrics.failures.map((f) => (
            <tr key={f.incidentId} data-warned={f.warned} data-status={f.status} title={STATUS_TEXT[f.status]}>
              <td>
                {f.kind} ({f.incidentId}){f.status === 'learnable' ? '' : ' *'}
              </td>
              <td>{fmtTs(f.failureStart)}</td>
              <td>{f.status === 'sudden' ? 'no run-up' : f.warned ? `yes, ${fmtTs(f.firstWarning)}` : 'no'}</td>
              <td className="num">{lead(f.leadMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">* not counted in the predictor’s recall (hover for why).</p>
    </div>
  );
}

/** Per failure kind of the test span: warned / total, and whether the kind counts. */
export function KindsTable({ metrics }: { metrics: PredictionMetrics }) {
  const kinds = Object.entries(metrics.byKind).sort(([a], [b]) => a.localeCompare(b));
  return (
    <table className="data" data-testid="predict-kinds">
      <thead>
        <tr>
          <th>Kind</th>
          <th className="num">Warned / failures</th>
          <th>From these logs</th>
        </tr>
      </thead>
      <tbody>
        {kinds.map(([kind, k]) => (
          <tr key={kind} data-status={k.status}>
            <td>{kind}</td>
            <td className="num">{k.status === 'sudden' ? `– / ${k.total}` : `${k.warned} / ${k.total}`}</td>
            <td>{STATUS_TEXT[k.status]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The predictor beside "an EWMA alarm is a warning", measured the same way on the same span. */
export function CompareTable({ report }: { report: PredictionReport }) {
  const rows: [string, PredictionMetrics, number][] = [['KNN predictor', report.predictor, report.threshold]];
  if (report.baseline) rows.push([`EWMA alarms (${report.baseline.name})`, report.baseline.metrics, report.baseline.threshold]);
  return (
    <table className="data" data-testid="predict-compare">
      <thead>
        <tr>
          <th></th>
          <th className="num">Learned failures warned</th>
          <th className="num">Any run-up warned</th>
          <th className="num">Median lead</th>
          <th className="num">Warnings</th>
          <th className="num">Followed by a failure</th>
          <th className="num">False warnings/day</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, m, t]) => (
          <tr key={name}>
            <td title={`threshold ${t.toPrecision(3)}`}>{name}</td>
            <td className="num">{`${m.warned} / ${m.predictable}`}</td>
            <td className="num">{`${m.warnedAnyRunUp} / ${m.withRunUp}`}</td>
            <td className="num">{lead(m.medianLeadMs)}</td>
            <td className="num">{m.warnings.length}</td>
            <td className="num">{pct(m.followedShare)}</td>
            <td className="num">{fmtNum(m.falseWarningsPerDay, 2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Reliability of the out-of-fold probabilities on the training span, and the Brier score. */
export function CalibrationTable({ report }: { report: PredictionReport }) {
  const c = report.model.calibration;
  return (
    <div data-testid="predict-calibration">
      <p className="small">
        {c.method === 'platt' ? 'Platt-scaled' : 'Uncalibrated (no rising Platt fit on the training span)'}; checked leave-one-incident-out over {c.folds} folds on{' '}
        {c.windows.toLocaleString('en-US')} training windows ({c.positives} in run-ups). Brier {c.brier.toFixed(4)} vs {c.brierBaseRate.toFixed(4)} for always predicting the base rate
        {c.brier < c.brierBaseRate ? '' : ' (no better)'}.
      </p>
      <table className="data" style={{ width: 'auto' }}>
        <thead>
          <tr>
            <th>Predicted</th>
            <th className="num">Windows</th>
            <th className="num">Mean predicted</th>
            <th className="num">Observed</th>
          </tr>
        </thead>
        <tbody>
          {c.reliability.map((b) => (
            <tr key={b.from}>
              <td>
                {b.from.toFixed(1)}–{b.to.toFixed(1)}
              </td>
              <td className="num">{b.n.toLocaleString('en-US')}</td>
              <td className="num">{b.predicted.toFixed(3)}</td>
              <td className="num">{b.observed.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
