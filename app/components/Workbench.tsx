'use client';
import { useSpec } from '@/app/hooks/useSpec';
import { useEngine } from '@/app/hooks/useEngine';
import { useDataset } from '@/app/hooks/useDataset';
import { useSource } from '@/app/hooks/useSource';
import { SourceCell } from '@/app/(cells)/source/SourceCell';
import { ExploreCell } from '@/app/(cells)/explore/ExploreCell';
import { SimulateCell } from '@/app/(cells)/simulate/SimulateCell';
import { ModelsCell } from '@/app/(cells)/models/ModelsCell';
import { EvaluateCell } from '@/app/(cells)/evaluate/EvaluateCell';
import { useEvaluation } from '@/app/hooks/useEvaluation';
// cell imports (one line per cell)

/** The notebook: every cell derives from the experiment spec (in the URL) and the loaded data. */
export function Workbench() {
  const { spec, setSpec, error, dismissError } = useSpec();
  const status = useEngine();
  const engine = status.state === 'ready' ? status.engine : null;
  const dataset = useDataset(engine);
  const source = useSource(spec, setSpec, engine, dataset);
  const evaluation = useEvaluation(spec, engine, dataset.version, dataset.state.phase === 'ready');

  return (
    <>
      <header className="app">
        <h1>Harbinger</h1>
        <span className="tag">log anomaly workbench — your logs stay in this browser tab</span>
        <input
          className="exp-name"
          aria-label="Experiment name"
          maxLength={120}
          value={spec.name}
          onChange={(e) => setSpec((s) => ({ ...s, name: e.target.value }), { replace: true })}
        />
      </header>
      <main>
        {error ? (
          <div className="msg error" role="alert" data-testid="spec-error">
            {error.message}{' '}
            <button type="button" onClick={dismissError}>
              Dismiss
            </button>
          </div>
        ) : null}
        {status.state === 'failed' ? (
          <div className="msg error" role="alert">
            The data engine could not start: {status.message}
          </div>
        ) : null}
        {source.error ? (
          <div className="msg error" role="alert">
            {source.error}
          </div>
        ) : null}
        {status.state === 'starting' ? <p className="msg info">Starting the data engine{source.waiting ? '; your files will load as soon as it is ready' : ''}…</p> : null}
        <SourceCell spec={spec} engine={engine} dataset={dataset} onUpload={source.upload} onSample={source.pickSample} onPreset={source.pickPreset} />
        {spec.source.kind === 'simulator' ? (
          <SimulateCell source={spec.source} engine={engine} version={dataset.version} onScenario={source.setScenario} />
        ) : null}
        {engine && dataset.version > 0 ? <ExploreCell explore={spec.explore} setSpec={setSpec} engine={engine} version={dataset.version} /> : null}
        {engine && dataset.version > 0 ? (
          <>
            {/* cell:sql */}
            {/* cell:features */}
            <ModelsCell spec={spec} setSpec={setSpec} evaluation={evaluation} />
            <EvaluateCell spec={spec} setSpec={setSpec} evaluation={evaluation} />
            {/* cell:predict */}
            {/* cell:report */}
          </>
        ) : null}
      </main>
    </>
  );
}
