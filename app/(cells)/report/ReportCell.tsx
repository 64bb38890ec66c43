'use client';
import { SeriesNote } from '@/app/(cells)/source/SeriesNote';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { Cell } from '@/app/components/Cell';
import { PlotFigure } from '@/app/components/PlotFigure';
import { ChartExport } from '@/app/components/ChartExport';
import { plotOptions } from '@/app/components/chart';
import { scoreChart } from '@/lib/charts/score';
import { bandRows } from '@/lib/charts/bands';
import { useQuery } from '@/app/hooks/useQuery';
import type { Engine } from '@/app/clients/engine';
import type { Evaluation } from '@/app/hooks/useEvaluation';
import { type DetectorResult, type EvalRun } from '@/lib/eval/evaluate';
import { testEvents } from '@/lib/eval/assess';
import { driversFor, type Drivers } from '@/lib/report/drivers';
import { DETECTOR_LABELS, type RunnableName } from '@/lib/eval/names';
import type { ExperimentSpec } from '@/lib/spec/schema';
import { bestResult, datasetLine, errorRouteInsights, hourInsights, slowEndpointInsights, slowestEndpoints, type Insight } from '@/lib/report/insights';
import { alarmFindings, alarmInsights, type AlarmFinding } from '@/lib/report/alarms';
import { datasetSql, errorRoutesSql, hourProfileSql, sampleAuthSql, sampleLinesSql } from '@/lib/report/queries';
import { authLine, dashboardPrompt, requestLine, reviewPrompt, sourceLabel, summaryPrompt } from '@/lib/report/prompts';
import { REDACTION_NOTE } from '@/lib/report/redact';
import { LabelsStatus } from './LabelsStatus';
import { ModelBundleButton } from './ModelBundleButton';
import { Exports } from './Exports';
import { PromptBox } from './PromptBox';

interface Props {
  spec: ExperimentSpec;
  /** null while the data loads behind a run read from the run cache (the data's findings wait for it) */
  engine: Engine | null;
  version: number;
  evaluation: Evaluation;
}

const title = (name: string) => DETECTOR_LABELS[name as RunnableName]?.title ?? name;
const SLOW_SQL = slowestEndpoints({ range: null }, { limit: 3, minCount: 20 });
const ERRORS_SQL = errorRoutesSql(3);
const HOURS_SQL = hourProfileSql();
const DATASET_SQL = datasetSql();
const PANELS = [
  'Explore: requests over time by status class, status mix, endpoints, slowest endpoints, error heatmap (hour × endpoint), top IPs, raw log table, auth and metric panels',
  'Models: detector choice, hyperparameters, training progress',
  'Evaluate: metrics table per detector on the test span, incidents detected per failure kind, score over time per detector with threshold, alarms and labeled incident bands',
  'Report: findings, prompts and exports',
];

/** Findings in words, copy-ready prompts, and exports of the data behind them. */
export function ReportCell({ spec, engine, version, evaluation }: Props) {
  const slow = useQuery(engine, SLOW_SQL, version);
  const errors = useQuery(engine, ERRORS_SQL, version);
  const hours = useQuery(engine, HOURS_SQL, version);
  const dataset = useQuery(engine, DATASET_SQL, version);
  // deferred: a threshold move updates the metrics first, this cell right after (interruptibly)
  const run = useDeferredValue(evaluation.result?.run ?? null);
  const rows = useMemo(() => run?.detectors ?? [], [run]);
  const best = useMemo(() => (run ? bestResult(rows, (n) => run.scores[n] !== undefined) : null), [run, rows]);

  const frame = evaluation.result?.frame ?? null;
  const drivers = useMemo<{ drivers: Drivers | null; error: string | null }>(() => {
    if (!run || !frame) return { drivers: null, error: null };
    try {
      return { drivers: driversFor(run, frame), error: null };
    } catch (e) {
      return { drivers: null, error: e instanceof Error ? e.message : String(e) };
    }
  }, [run, frame]);

  const findings = useMemo<AlarmFinding[]>(() => {
    if (!run || !best) return [];
    const { split, config } = run.context;
    const scores = run.scores[best.name];
    const d = drivers.drivers;
    const ev = testEvents(run.context, scores, best.threshold);
    return alarmFindings({
      events: ev.events,
      matches: ev.matches,
      scores: scores.subarray(split.test.start),
      features: config.features,
      contributions: d ? (i) => d.at(split.test.start + i) : null,
    });
  }, [run, best, drivers]);
  const alarmCount = useMemo(() => (run && best ? testEvents(run.context, run.scores[best.name], best.threshold).events.length : 0), [run, best]);
  const top = useMemo(() => findings.reduce<AlarmFinding | null>((a, b) => (a === null || b.peak > a.peak ? b : a), null), [findings]);

  const insights = useMemo(
    () => ({
      slow: slowEndpointInsights(slow.rows ?? []),
      errors: errorRouteInsights(errors.rows ?? []),
      hours: hourInsights(hours.rows ?? []),
      alarms: run && best ? alarmInsights(findings, title(best.name), drivers.drivers?.method ?? null, run.context.config.windowSec) : [],
    }),
    [slow.rows, errors.rows, hours.rows, run, best, findings, drivers],
  );

  const [lines, setLines] = useState<{ key: string; lines: string[]; selection: string } | null>(null);
  const topKey = top ? `${version}:${top.start}:${top.end}` : null;
  useEffect(() => {
    if (!engine || !top || topKey === null) return;
    let live = true;
    (async () => {
      const req = await engine.query(sampleLinesSql(top.start, top.end, 20));
      if (!live) return;
      if (req.ok && req.value.length > 0) return setLines({ key: topKey, lines: req.value.map(requestLine), selection: `up to 20 requests: failing first, then slowest` });
      const auth = await engine.query(sampleAuthSql(top.start, top.end, 20));
      if (!live) return;
      if (auth.ok) setLines({ key: topKey, lines: auth.value.map(authLine), selection: 'up to 20 auth.log events, failures first' });
      else setLines({ key: topKey, lines: [], selection: `the lines could not be read: ${auth.error.message}` });
    })();
    return () => {
      live = false;
    };
  }, [engine, top, topKey]);

  const prompts = useMemo(() => {
    const out: { id: string; title: string; text: string }[] = [
      {
        id: 'summary',
        title: 'Operator summary',
        text: summaryPrompt({ dataset: datasetLine(dataset.rows?.[0], sourceLabel(spec.source)), ...insights, detector: best ? title(best.name) : null }),
      },
    ];
    if (top && best && lines && lines.key === topKey) {
      out.push({ id: 'review', title: 'Anomaly review of the top alarm', text: reviewPrompt({ alarm: top, detector: title(best.name), lines: lines.lines, selection: lines.selection }) });
    }
    out.push({
      id: 'dashboard',
      title: 'Dashboard explanation',
      text: dashboardPrompt({
        panels: PANELS,
        windowSec: run?.context.config.windowSec ?? 60,
        trainFraction: spec.models.trainFraction,
        thresholdRule: rows.find((r) => r.error === null)?.threshold_rule ?? 'not trained yet',
        detectorSeed: spec.seed,
        rows,
      }),
    });
    return out;
  }, [dataset.rows, spec, insights, best, top, lines, topKey, run, rows]);

  const queryError = slow.error ?? errors.error ?? hours.error ?? dataset.error;
  const [chart, setChart] = useState<Element | null>(null);

  return (
    <Cell title="Report" testId="report-cell" status={run ? `following ${best ? title(best.name) : 'no detector'}${evaluation.stale ? ' — stale' : ''}` : 'findings from the data; alarms once the models have trained'}>
      {queryError ? (
        <p className="msg error" role="alert">
          {queryError}
        </p>
      ) : null}
      <LabelsStatus source={spec.source} run={run} best={best} alarms={alarmCount} />
      {spec.source.kind === 'windows' ? <SeriesNote source="windows" cell="report" /> : null}
      <div data-testid="insights" aria-busy={slow.loading || errors.loading || hours.loading}>
        <Findings title="Slowest endpoints (p90, at least 20 timed requests)" items={insights.slow} empty="No endpoint has 20 timed requests." loading={slow.rows === null && !slow.error} />
        <Findings title="Endpoints concentrating 4xx/5xx" items={insights.errors} empty="No request was answered 4xx or 5xx." loading={errors.rows === null && !errors.error} />
        <Findings title="Hours of the day" items={insights.hours} empty="No timestamped requests." loading={hours.rows === null && !hours.error} />
        {run && best ? (
          <>
            <Findings
              title={`Alarms on the test span — ${title(best.name)} (${run.context.labels.length > 0 ? 'best test F1' : 'fewest alarms a day: no labels to rank by F1'}), ${alarmCount} alarm${alarmCount === 1 ? '' : 's'}${alarmCount > findings.length ? `, the ${findings.length} highest shown` : ''}`}
              items={insights.alarms}
              empty="No alarm on the test span at this threshold."
              loading={false}
            />
            <p className="small muted">
              {drivers.error
                ? `Feature drivers unavailable: ${drivers.error}`
                : drivers.drivers?.method === 'autoencoder'
                  ? 'Drivers: the AutoEncoder’s squared reconstruction error per feature (standardised units), averaged over the alarm’s windows.'
                  : 'Drivers: robust |z| of each feature against the training median and MAD, averaged over the alarm’s windows.'}
            </p>
            <div className="panel">
              <div className="row" style={{ justifyContent: 'space-between' }}>
                <h3>{title(best.name)} score over time</h3>
                <ChartExport chart={chart} name={`harbinger-${best.name}-score`} />
              </div>
              <ScoreChart run={run} row={best} onPlot={setChart} />
            </div>
          </>
        ) : run ? (
          <p className="msg info">No detector produced scores, so there are no alarms to report.</p>
        ) : (
          <p className="small muted">Alarms, their likely kind and the features behind them appear once the models have trained.</p>
        )}
      </div>

      <h3 style={{ marginTop: 16 }}>Prompts for your own language model</h3>
      <p className="small muted">
        Prompts include log excerpts from your data. In them, {REDACTION_NOTE}. Redaction goes by pattern and can miss a secret of another shape: read a prompt before you paste it anywhere. Ask is not offered: this page may connect only to its own origin, so nothing leaves the tab — copy a prompt and paste it where you choose.
      </p>
      {prompts.map((p) => (
        <PromptBox key={p.id} id={p.id} title={p.title} text={p.text} />
      ))}

      <Exports frame={frame} run={run} rows={rows} />
      <ModelBundleButton spec={spec} engine={engine} version={version} evaluation={evaluation} />
    </Cell>
  );
}

function Findings({ title, items, empty, loading }: { title: string; items: readonly Insight[]; empty: string; loading: boolean }) {
  return (
    <div style={{ marginBottom: 10 }}>
      <h3>{title}</h3>
      {loading ? (
        <p className="small muted">Loading…</p>
      ) : items.length === 0 ? (
        <p className="small muted">{empty}</p>
      ) : (
        <ul style={{ margin: '4px 0', paddingLeft: 20 }}>
          {items.map((i, k) => (
            <li key={k}>
              {i.text}
              {i.next ? <span className="muted"> → {i.next}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ScoreChart({ run, row, onPlot }: { run: EvalRun; row: DetectorResult; onPlot: (el: Element | null) => void }) {
  const options = useMemo(
    () => plotOptions(scoreChart({ starts: run.context.starts, scores: run.scores[row.name], splitTime: run.splitTime, threshold: row.threshold, bands: bandRows(run.context.labels) })),
    [run, row],
  );
  return <PlotFigure options={options} onPlot={onPlot} label={`${title(row.name)} score over time with its threshold, the train/test split and incident bands`} />;
}
