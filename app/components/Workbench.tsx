'use client';
import { useSpec } from '@/app/hooks/useSpec';
import { useEngine } from '@/app/hooks/useEngine';
import { useDataset } from '@/app/hooks/useDataset';
import { useSource } from '@/app/hooks/useSource';
import { SourceCell } from '@/app/(cells)/source/SourceCell';
import { ExploreCell } from '@/app/(cells)/explore/ExploreCell';
import { SimulateCell } from '@/app/(cells)/simulate/SimulateCell';

/** The notebook: every cell derives from the experiment spec (in the URL) and the loaded data. */
export function Workbench() {
  const { spec, setSpec, error, dismissError } = useSpec();
  const status = useEngine();
  const engine = status.state === 'ready' ? status.engine : null;
  const dataset = useDataset(engine);
  const source = useSource(spec, setSpec, engine, dataset);

  return (
    <>
      <header className="app">
        <h1>Harbinger</h1>
        <span className="tag">log anomaly workbench — your logs stay in this browser tab</span>
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
        {engine && dataset.version > 0 ? <ExploreCell spec={spec} setSpec={setSpec} engine={engine} version={dataset.version} /> : null}
      </main>
    </>
  );
}
