'use client';
import { useState } from 'react';
import { downloadBlob } from '@/app/components/download';
import type { Engine } from '@/app/clients/engine';
import type { Evaluation } from '@/app/hooks/useEvaluation';
import type { ExperimentSpec } from '@/lib/spec/schema';
import { bundleInputOf } from '@/lib/live/bundle';

type State = { phase: 'idle' } | { phase: 'building' } | { phase: 'done'; bytes: number; notes: string[] } | { phase: 'failed'; message: string };

/**
 * "Download model bundle": the trained run as one JSON file for live mode (`harbinger watch
 * --model`). The feature baselines are fitted in the engine worker (where the data is), the bundle
 * is built in the model worker (where tfjs is); nothing leaves the tab but the download.
 */
export function ModelBundleButton({ spec, engine, version, evaluation }: { spec: ExperimentSpec; engine: Engine | null; version: number; evaluation: Evaluation }) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const run = evaluation.ruled;
  const frame = evaluation.result?.frame ?? null;
  // live mode computes the windows from log lines, whose baselines are fitted on the training rows: a window table has none
  const windowTable = spec.source.kind === 'windows';
  // the feature baselines are fitted on the data: a run from the run cache waits for it to load
  const dataIn = engine !== null && version > 0;
  const ready = run !== null && frame !== null && frame.fitUntilMs !== null && !evaluation.stale && !windowTable && dataIn;

  async function build() {
    if (!run || !frame || frame.fitUntilMs === null || !engine) return;
    setState({ phase: 'building' });
    const { windowSec, features } = run.context.config;
    const fs = await engine.featureState(windowSec, [...features], frame.fitUntilMs);
    if (!fs.ok) return setState({ phase: 'failed', message: `the feature baselines could not be fitted: ${fs.error.message}` });
    const text = await evaluation.bundle(bundleInputOf(spec, run, frame, fs.value));
    if (!text.ok) return setState({ phase: 'failed', message: text.error.message });
    const blob = new Blob([text.value], { type: 'application/json' });
    downloadBlob('harbinger-model.json', blob);
    setState({ phase: 'done', bytes: blob.size, notes: (JSON.parse(text.value) as { notes: string[] }).notes });
  }

  return (
    <div className="panel" data-testid="model-bundle" style={{ marginTop: 8 }}>
      <div className="row" style={{ gap: 8 }}>
        <button type="button" data-testid="download-model-bundle" disabled={!ready || state.phase === 'building'} onClick={() => void build()}>
          {state.phase === 'building' ? 'Building the model bundle…' : 'Download model bundle'}
        </button>
        <span className="small muted">
          {windowTable
            ? 'not for a window table: live mode computes the windows from log lines, so train on the logs themselves (or harbinger evaluate LOG… --save-model)'
            : !run ? 'train the models first' : !dataIn ? 'available once the data is loaded: the feature baselines are fitted on it (these results came from the cache)' : evaluation.stale ? 'retrain first: the models no longer match the experiment' : 'models, thresholds, alert rules and feature baselines as one JSON file for harbinger watch; no log lines'}
        </span>
      </div>
      {state.phase === 'failed' ? (
        <p className="msg error" role="alert">
          Model bundle: {state.message}
        </p>
      ) : null}
      {state.phase === 'done' ? (
        <div className="small" data-testid="model-bundle-done">
          Saved harbinger-model.json ({(state.bytes / 1024).toFixed(0)} KiB).
          {state.notes.length > 0 ? (
            <ul style={{ margin: '4px 0', paddingLeft: 20 }}>
              {state.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
