'use client';
import { useMemo, useState, type ReactNode } from 'react';
import { Cell } from '@/app/components/Cell';
import { PlotFigure } from '@/app/components/PlotFigure';
import { plotOptions } from '@/app/components/chart';
import type { UseSpec } from '@/app/hooks/useSpec';
import type { Evaluation } from '@/app/hooks/useEvaluation';
import { type DetectorResult, type EvalRun } from '@/lib/eval/evaluate';
import { testEvents } from '@/lib/eval/assess';
import { DETECTOR_LABELS, type RunnableName } from '@/lib/eval/names';
import type { ExperimentSpec } from '@/lib/spec/schema';
import type { Engine } from '@/app/clients/engine';
import { prChart } from '@/lib/charts/pr';
import { alarmChart } from '@/lib/charts/score';
import { bandRows, type BandRow } from '@/lib/charts/bands';
import { DrillDown, type AlarmRef } from './DrillDown';
import { ChartExport } from '@/app/components/ChartExport';
import { NoLabels } from '@/app/components/NoLabels';
import type { AlarmReview } from '@/lib/labels/review';
import { AlarmList } from './AlarmList';

interface Props {
  spec: ExperimentSpec;
  setSpec: UseSpec['setSpec'];
  evaluation: Evaluation;
  /** null while the data loads behind a run read from the run cache */
  engine: Engine | null;
  version: number;
  /** shown above the metrics: the NAB view when the source is a NAB series */
  nab?: ReactNode;
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const title = (name: string) => DETECTOR_LABELS[name as RunnableName]?.title ?? name;

/** Metrics on the test span at each detector's threshold; the sliders move thresholds without retraining. */
export function EvaluateCell({ spec, setSpec, evaluation, engine, version, nab }: Props) {
  const { result, stale } = evaluation;
  const run = result?.run ?? null;
  const manual = spec.models.thresholds;
  const rows = useMemo(() => run?.detectors ?? [], [run]);
  const bands = useMemo(() => (run ? bandRows(run.context.labels) : []), [run]);
  const kinds = useMemo(() => [...new Set(rows.flatMap((r) => Object.keys(r.by_kind)))].sort(), [rows]);
  const hasLabels = (run?.context.labels.length ?? 0) > 0;
  const reviews = spec.source.kind === 'upload' ? spec.source.reviews : undefined;
  const [alarm, setAlarm] = useState<AlarmRef | null>(null);
  // an alarm belongs to one trained run (the same scores): a new run closes the drill-down
  const [alarmRun, setAlarmRun] = useState(run?.scores);
  if (alarmRun !== run?.scores) {
    setAlarmRun(run?.scores);
    setAlarm(null);
  }
  // threshold-free: PR curves follow the scores, not the rows' thresholds
  const names = rows.filter((r) => r.error === null).map((r) => r.name).join(',');
  const scoresOf = run?.scores;
  const contextOf = run?.context;
  const prOptions = useMemo(
    () => {
      if (!scoresOf || !contextOf || !hasLabels) return null;
      const { start, end } = contextOf.split.test;
      const curves = names
        .split(',')
        .filter((n) => n !== '' && scoresOf[n])
        .map((n) => ({ label: title(n), scores: Array.from(scoresOf[n].subarray(start, end)) }));
      return plotOptions(prChart(curves, contextOf.truth.positive.slice(start, end)));
    },
    [scoresOf, contextOf, names, hasLabels],
  );

  return (
    <Cell title="Evaluate" testId="evaluate-cell" status={
        <span data-testid="evaluate-status" data-train-windows={run?.trainWindows} data-test-windows={run?.testWindows}>
          {run ? `${run.trainWindows.toLocaleString('en-US')} training / ${run.testWindows.toLocaleString('en-US')} test windows, split at ${new Date(run.splitTime).toISOString().slice(0, 16).replace('T', ' ')} UTC${stale ? ' — stale' : ''}` : 'no trained models yet'}
        </span>
      }
    >
      {nab}
      {!run ? (
        <p className="muted">Metrics appear here once the models have trained.</p>
      ) : (
        <>
          {!hasLabels ? <NoLabels cell="evaluate" source={spec.source.kind} /> : null}
          <div style={{ overflowX: 'auto' }}>
            <table className="data" data-testid="metrics-table">
              <thead>
                <tr>
                  <th>Detector</th>
                  <th className="num">Threshold</th>
                  <th className="num" title="window-level precision on the test span">Precision</th>
                  <th className="num">Recall</th>
                  <th className="num">F1</th>
                  <th className="num">PR-AUC</th>
                  <th className="num">VUS-PR</th>
                  <th className="num" title="Tatbul et al. 2018, flat bias">Range P</th>
                  <th className="num">Range R</th>
                  <th className="num" title="incidents with an alarm in [start − early margin, end]">Incidents</th>
                  <th className="num">False alarms/day</th>
                  <th className="num" title="failure start − first alarm, incidents with a precursor">Median lead</th>
                  <th className="num" title="best F1 with the threshold tuned on the test labels: an upper bound, not a deployable result">Oracle F1 (upper bound)</th>
                  <th className="num" title="test-span windows: true positives / false positives / false negatives / true negatives (precursor windows left out)">TP / FP / FN / TN</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.name} data-detector={r.name} data-error={r.error ?? undefined}>
                    <td title={r.error ?? r.threshold_rule}>{title(r.name)}</td>
                    {r.error !== null ? (
                      <td colSpan={13} className="muted">
                        not run: {r.error}
                      </td>
                    ) : (
                      <>
                        <td className="num" title={r.threshold_rule} data-metric="threshold" data-value={String(r.threshold)}>{fmtThreshold(r.threshold)}</td>
                        <td className="num" data-metric="precision" data-value={String(r.precision)}>{f3(r.precision)}</td>
                        <td className="num" data-metric="recall" data-value={String(r.recall)}>{f3(r.recall)}</td>
                        <td className="num" data-metric="f1" data-value={String(r.f1)}>{f3(r.f1)}</td>
                        <td className="num" data-metric="pr_auc" data-value={String(r.pr_auc)}>{f3(r.pr_auc)}</td>
                        <td className="num" data-metric="vus_pr" data-value={String(r.vus_pr)}>{f3(r.vus_pr)}</td>
                        <td className="num" data-metric="range_precision" data-value={String(r.range_precision)}>{f3(r.range_precision)}</td>
                        <td className="num" data-metric="range_recall" data-value={String(r.range_recall)}>{f3(r.range_recall)}</td>
                        <td className="num" data-metric="events" data-value={`${r.events_detected}/${r.events_total}`}>{r.events_detected}/{r.events_total}</td>
                        <td className="num" data-metric="false_alarms_per_day" data-value={String(r.false_alarms_per_day)}>{Number.isFinite(r.false_alarms_per_day) ? r.false_alarms_per_day.toFixed(2) : '–'}</td>
                        <td className="num" data-metric="median_lead_s" data-value={String(r.median_lead_s)}>{r.median_lead_s === null ? '–' : `${(r.median_lead_s / 60).toFixed(1)} min`}</td>
                        <td className="num" data-metric="oracle_f1" data-value={String(r.oracle_f1)}>{f3(r.oracle_f1)}</td>
                        <td className="num" data-metric="confusion">{r.confusion ? `${r.confusion.tp} / ${r.confusion.fp} / ${r.confusion.fn} / ${r.confusion.tn}` : '–'}</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="small muted">
            Metrics are on the test span only. Thresholds come from the training span ({rows.find((r) => r.error === null && r.threshold_rule !== 'set by hand')?.threshold_rule ?? 'rule in the Models cell'}) unless moved by hand below; the oracle column tunes on the test labels and is an upper bound only.
          </p>
          {kinds.length > 0 ? <KindTable rows={rows} kinds={kinds} /> : null}
          {prOptions ? (
            <div className="panel" style={{ marginTop: 12 }} data-testid="pr-curves">
              <h3>Precision–recall on the test span (windows)</h3>
              <PlotFigure options={prOptions} label="Precision-recall curves of every detector on the test span" />
            </div>
          ) : null}
          {alarm && evaluation.result ? <DrillDown run={run} frame={evaluation.result.frame} alarm={alarm} engine={engine} version={version} source={spec.source} setSpec={setSpec} onClose={() => setAlarm(null)} /> : null}
          <div className="grid2" style={{ marginTop: 12 }}>
            {rows
              .filter((r) => r.error === null && run.scores[r.name])
              .map((r) => (
                <ScorePanel key={r.name} run={run} row={r} bands={bands} manual={manual[r.name as RunnableName]} reviews={reviews} onAlarm={setAlarm} onThreshold={(t) => setSpec((s) => ({ ...s, models: { ...s.models, thresholds: { ...s.models.thresholds, [r.name]: t } } }), { replace: true })} onReset={() => setSpec((s) => { const next = { ...s.models.thresholds }; delete next[r.name as RunnableName]; return { ...s, models: { ...s.models, thresholds: next } }; })} />
              ))}
          </div>
        </>
      )}
    </Cell>
  );
}

function fmtThreshold(t: number): string {
  if (!Number.isFinite(t)) return '–';
  const a = Math.abs(t);
  return a !== 0 && (a < 0.01 || a >= 1e5) ? t.toExponential(2) : t.toFixed(3);
}

function KindTable({ rows, kinds }: { rows: DetectorResult[]; kinds: string[] }) {
  return (
    <div className="panel" style={{ marginTop: 12, overflowX: 'auto' }}>
      <h3>Incidents detected per failure kind (test span)</h3>
      <table className="data" data-testid="kind-table">
        <thead>
          <tr>
            <th>Detector</th>
            {kinds.map((k) => (
              <th key={k} className="num">
                {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows
            .filter((r) => r.error === null)
            .map((r) => (
              <tr key={r.name} data-detector={r.name}>
                <td>{title(r.name)}</td>
                {kinds.map((k) => {
                  const c = r.by_kind[k];
                  return (
                    <td key={k} className="num">
                      {c ? `${c.detected}/${c.total}` : '–'}
                    </td>
                  );
                })}
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}

interface ScorePanelProps {
  run: EvalRun;
  row: DetectorResult;
  bands: readonly BandRow[];
  manual: number | undefined;
  onThreshold: (t: number) => void;
  onReset: () => void;
  onAlarm: (a: AlarmRef) => void;
  reviews: readonly AlarmReview[] | undefined;
}

/** One detector's score over time with its threshold, alarms and incident bands, and its threshold slider. */
function ScorePanel({ run, row, bands, manual, reviews, onThreshold, onReset, onAlarm }: ScorePanelProps) {
  const scores = run.scores[row.name];
  // slider positions are the distinct scores, so every step changes which windows alarm
  const levels = useMemo(() => [...new Set(Array.from(scores).filter(Number.isFinite))].sort((a, b) => a - b), [scores]);
  const position = useMemo(() => {
    let lo = 0;
    let hi = levels.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (levels[mid] < row.threshold) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }, [levels, row.threshold]);
  // keyed on what the chart shows, not on the run object (which changes with every threshold move)
  const { context, splitTime } = run;
  const alarms = useMemo(() => testEvents(context, scores, row.threshold).events, [context, scores, row.threshold]);
  const options = useMemo(
    () =>
      plotOptions(
        alarmChart({
          starts: context.starts,
          scores,
          splitTime,
          threshold: row.threshold,
          bands,
          alarms,
          windowMs: context.config.windowSec * 1000,
          titles: { split: 'train | test', threshold: `threshold ${fmtThreshold(row.threshold)}` },
        }),
      ),
    [context, splitTime, scores, row.threshold, bands, alarms],
  );
  const offset = run.context.split.test.start;
  const label = `Threshold ${row.name}`;
  const [chart, setChart] = useState<Element | null>(null);
  return (
    <div className="panel" data-testid={`score-panel-${row.name}`}>
      <div className="row">
        <h3 style={{ flex: 1 }}>{title(row.name)} score</h3>
        <ChartExport chart={chart} name={`harbinger-${row.name}-score`} testId={`export-score-${row.name}`} />
      </div>
      <PlotFigure options={options} onPlot={setChart} label={`${title(row.name)} score over time with threshold and alarms`} />
      <div className="row small">
        <input
          type="range"
          aria-label={label}
          aria-valuetext={fmtThreshold(row.threshold)}
          min={0}
          max={Math.max(0, levels.length - 1)}
          step={1}
          value={position}
          onChange={(e) => onThreshold(levels[Number(e.target.value)])}
          style={{ flex: 1, minWidth: 160 }}
        />
        <span>
          threshold {fmtThreshold(row.threshold)} {manual !== undefined ? '(set by hand)' : `(${row.threshold_rule})`}
        </span>
        {manual !== undefined ? (
          <button type="button" onClick={onReset}>
            Reset
          </button>
        ) : null}
      </div>
      <AlarmList detector={row.name} alarms={alarms} offset={offset} reviews={reviews} onAlarm={onAlarm} />
    </div>
  );
}
