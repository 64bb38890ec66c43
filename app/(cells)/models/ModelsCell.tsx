'use client';
import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { Cell } from '@/app/components/Cell';
import { PlotFigure } from '@/app/components/PlotFigure';
import type { UseSpec } from '@/app/hooks/useSpec';
import type { Evaluation } from '@/app/hooks/useEvaluation';
import { DETECTOR_LABELS, ENSEMBLE, RUNNABLE_NAMES, type RunnableName } from '@/lib/eval/names';
import type { ExperimentSpec } from '@/lib/spec/schema';
import type { AutoencoderModel } from '@/lib/detectors/autoencoder';
import { HyperParams } from './HyperParams';
import { ScoringControls } from './ScoringControls';

interface Props {
  spec: ExperimentSpec;
  setSpec: UseSpec['setSpec'];
  evaluation: Evaluation;
}

/** Which detectors run, how thresholds are chosen, and training with progress per model. */
export function ModelsCell({ spec, setSpec, evaluation }: Props) {
  const { state, result, stale } = evaluation;
  const chosen = spec.models.detectors;
  const running = state.phase === 'running';
  const toggle = (name: RunnableName, on: boolean) =>
    setSpec((s) => {
      const next = RUNNABLE_NAMES.filter((n) => (n === name ? on : s.models.detectors.includes(n)));
      return next.length === 0 ? s : { ...s, models: { ...s.models, detectors: next } };
    });
  const members = chosen.filter((d) => d !== ENSEMBLE && d !== 'knn-prefailure').length;
  const rows = result?.run.detectors ?? [];
  const ae = result?.run.models.autoencoder as AutoencoderModel | undefined;
  const lossOptions = useMemo(() => (ae ? lossChart(ae) : null), [ae]);

  const status =
    state.phase === 'running'
      ? `${state.stage}`
      : state.phase === 'failed'
        ? 'failed'
        : state.phase === 'cancelled'
          ? 'cancelled'
          : result
            ? `${stale ? 'stale — ' : ''}features ${(result.featuresMs / 1000).toFixed(1)} s + training ${((result.elapsedMs - result.featuresMs) / 1000).toFixed(1)} s (tfjs ${result.backend}) · ${result.cache.from === 'cache' ? "from this browser's cache: trained on an earlier visit with the same experiment and build" : `run ${evaluation.runs} in this tab`}`
            : 'waiting for data';

  return (
    <Cell
      title="Models"
      testId="models-cell"
      status={
        <span data-testid="models-status" data-phase={state.phase} data-elapsed-ms={result ? Math.round(result.elapsedMs) : undefined} data-features-ms={result ? Math.round(result.featuresMs) : undefined} data-runs={evaluation.runs} data-from={result?.cache.from}>
          {status}
        </span>
      }
      actions={
        running ? (
          <button type="button" onClick={evaluation.cancel}>
            Cancel training
          </button>
        ) : (
          <button type="button" className="primary" onClick={evaluation.train}>
            {result ? 'Retrain' : 'Train'}
          </button>
        )
      }
    >
      <fieldset>
        <legend>Detectors</legend>
        <div className="form-grid">
          {RUNNABLE_NAMES.map((name) => (
            <label key={name} className="field" title={DETECTOR_LABELS[name].what}>
              <input type="checkbox" checked={chosen.includes(name)} onChange={(e) => toggle(name, e.target.checked)} disabled={chosen.length === 1 && chosen[0] === name} />
              {DETECTOR_LABELS[name].title}
            </label>
          ))}
        </div>
        {chosen.includes(ENSEMBLE) && members < 2 ? <p className="msg warn">The ensemble averages at least two anomaly detectors: pick two or more besides KNN.</p> : null}
        <ThresholdRule spec={spec} setSpec={setSpec} />
        <ScoringControls spec={spec} setSpec={setSpec} />
        <HyperParams spec={spec} setSpec={setSpec} />
      </fieldset>
      {state.phase === 'failed' ? (
        <div className="msg error" role="alert">
          Training failed: {state.message}{' '}
          <button type="button" onClick={evaluation.train}>
            Retry
          </button>
        </div>
      ) : null}
      {stale && !running ? <p className="msg warn">The settings changed since these models were trained: the results below are stale until you retrain.</p> : null}
      <table className="data" data-testid="training-table">
        <thead>
          <tr>
            <th>Detector</th>
            <th>Progress</th>
            <th className="num">Fit</th>
            <th className="num">Score</th>
          </tr>
        </thead>
        <tbody>
          {chosen.map((name) => {
            const p = state.phase === 'running' ? state.progress[name] : undefined;
            const row = rows.find((r) => r.name === name);
            return (
              <tr key={name} data-detector={name} data-fit-ms={row && row.error === null ? row.fit_ms : undefined} data-score-ms={row && row.error === null ? row.score_ms : undefined}>
                <td>{DETECTOR_LABELS[name].title}</td>
                <td>
                  {running ? (
                    p ? (
                      p.stage === 'fit' && p.total > 0 ? (
                        <>
                          <progress max={p.total} value={p.done} aria-label={`Training ${name}`} /> {p.done}/{p.total} {p.unit}
                        </>
                      ) : (
                        <span>{p.stage === 'done' ? 'done' : p.stage === 'error' ? 'could not train' : p.stage === 'score' ? 'scoring…' : 'training…'}</span>
                      )
                    ) : (
                      <span className="muted">queued</span>
                    )
                  ) : row ? (
                    row.error ? <span className="muted">not run: {row.error}</span> : <span>done</span>
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
                <td className="num">{row && row.error === null && name !== ENSEMBLE ? `${row.fit_ms.toFixed(0)} ms` : '–'}</td>
                <td className="num">{row && row.error === null ? `${row.score_ms.toFixed(0)} ms` : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {lossOptions && ae ? (
        <div className="panel" style={{ marginTop: 12 }}>
          <h3>AutoEncoder loss ({ae.stoppedEpoch} epochs, early stopping on the validation loss)</h3>
          <PlotFigure options={lossOptions} label="AutoEncoder training and validation loss per epoch" />
        </div>
      ) : null}
    </Cell>
  );
}

const BUDGETS = [0.5, 1, 2, 5];
const QUANTILES = [0.99, 0.995, 0.999];

/** The preset choices plus the spec's own value when a link carries another one. */
function withCurrent(values: readonly number[], current: number | null): number[] {
  return current === null || values.includes(current) ? [...values] : [...values, current].sort((a, b) => a - b);
}

function ThresholdRule({ spec, setSpec }: { spec: ExperimentSpec; setSpec: UseSpec['setSpec'] }) {
  const t = spec.models.threshold;
  return (
    <div className="form-grid">
      <label className="field">
        Threshold rule
        <select
          value={t.kind === 'quantile' ? `q${t.q}` : t.kind === 'alarm-budget' ? `b${t.perDay}` : 'train-best-f1'}
          onChange={(e) => {
            const v = e.target.value;
            const threshold: ExperimentSpec['models']['threshold'] =
              v === 'train-best-f1' ? { kind: 'train-best-f1' } : v.startsWith('b') ? { kind: 'alarm-budget', perDay: Number(v.slice(1)) } : { kind: 'quantile', q: Number(v.slice(1)) };
            // a new rule replaces the thresholds set by hand
            setSpec((s) => ({ ...s, models: { ...s.models, thresholds: {}, threshold } }));
          }}
        >
          {withCurrent(BUDGETS, t.kind === 'alarm-budget' ? t.perDay : null).map((b) => (
            <option key={`b${b}`} value={`b${b}`}>
              at most {b} false alarm{b === 1 ? '' : 's'}/day on the training span
            </option>
          ))}
          {withCurrent(QUANTILES, t.kind === 'quantile' ? t.q : null).map((q) => (
            <option key={`q${q}`} value={`q${q}`}>
              quantile {q} of training scores
            </option>
          ))}
          <option value="train-best-f1">best F1 on the labeled training span</option>
        </select>
      </label>
      <label className="field">
        Train on first
        <select value={spec.models.trainFraction} disabled={spec.models.splitAt !== null} onChange={(e) => setSpec((s) => ({ ...s, models: { ...s.models, trainFraction: Number(e.target.value) } }))}>
          {[...new Set([0.3, 0.4, 0.5, 0.6, 0.7, spec.models.trainFraction])].sort().map((f) => (
            <option key={f} value={f}>
              {Math.round(f * 100)} %
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Early margin (min)
        <select value={spec.models.earlyMarginMin} onChange={(e) => setSpec((s) => ({ ...s, models: { ...s.models, earlyMarginMin: Number(e.target.value) } }))}>
          {[...new Set([0, 5, 10, 15, 30, 60, spec.models.earlyMarginMin])].sort((a, b) => a - b).map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <input type="checkbox" checked={spec.models.matchPrecursor} onChange={(e) => setSpec((s) => ({ ...s, models: { ...s.models, matchPrecursor: e.target.checked } }))} />
        Alarms during a precursor count as early detections
      </label>
    </div>
  );
}

function lossChart(ae: AutoencoderModel): Plot.PlotOptions {
  const rows = ae.lossCurve.flatMap((e) => [
    { epoch: e.epoch, loss: e.loss, series: 'training' },
    ...(e.valLoss === null ? [] : [{ epoch: e.epoch, loss: e.valLoss, series: 'validation' }]),
  ]);
  return {
    height: 180,
    marginLeft: 56,
    y: { type: 'log', label: 'MSE (standardised)', grid: true },
    x: { label: 'epoch' },
    color: { legend: true },
    marks: [Plot.line(rows, { x: 'epoch', y: 'loss', stroke: 'series' })],
  };
}
