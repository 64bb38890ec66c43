'use client';
import { useCallback } from 'react';
import { useSpec } from '@/app/hooks/useSpec';
import { useEngine } from '@/app/hooks/useEngine';
import { useDataset } from '@/app/hooks/useDataset';
import { useSource } from '@/app/hooks/useSource';
import { useUploadLabels } from '@/app/hooks/useUploadLabels';
import type { LabelSpan } from '@/lib/labels/file';
import { SourceCell } from '@/app/(cells)/source/SourceCell';
import { EngineStatus } from '@/app/(cells)/source/EngineStatus';
import { ExploreCell } from '@/app/(cells)/explore/ExploreCell';
import { SimulateCell } from '@/app/(cells)/simulate/SimulateCell';
import { ModelsCell } from '@/app/(cells)/models/ModelsCell';
import { EvaluateCell } from '@/app/(cells)/evaluate/EvaluateCell';
import { useEvaluation } from '@/app/hooks/useEvaluation';
import { aheadRequestOf } from '@/lib/notebook/ahead';
import { useResultTables } from '@/app/hooks/useResultTables';
import { useFrames } from '@/app/hooks/useFrames';
import { CopyLink } from '@/app/components/CopyLink';
import { CellBoundary } from '@/app/components/CellBoundary';
import { ExperimentName } from '@/app/components/ExperimentName';
import { PredictCell } from '@/app/(cells)/predict/PredictCell';
import { LiveCell } from '@/app/(cells)/live/LiveCell';
// cell imports (one line per cell)
import { SqlCells } from '@/app/(cells)/sql/SqlCells';
import { ReportCell } from '@/app/(cells)/report/ReportCell';
import { FeaturesCell } from '@/app/(cells)/features/FeaturesCell';
import { useNabSource } from '@/app/hooks/useNabSource';
import { useWindowsSource } from '@/app/hooks/useWindowsSource';
import { useNab } from '@/app/hooks/useNab';
import { NabView } from '@/app/(cells)/evaluate/NabView';
import { SeriesNote } from '@/app/(cells)/source/SeriesNote';
import { nabRunOf } from '@/lib/eval/nab-from-spec';

/** The notebook: every cell derives from the experiment spec (in the URL) and the loaded data. */
export function Workbench() {
  const { spec, setSpec, error, warnings, dismissError } = useSpec();
  const { engine, health, generation, restart, ahead } = useEngine(aheadRequestOf(spec));
  const dataset = useDataset(engine, generation);
  const source = useSource(spec, setSpec, engine, dataset, generation);
  // the Features cell and the evaluation share one fetch of each feature frame
  const loadedScenario = dataset.loaded?.kind === 'sim' ? dataset.loaded.scenario : null;
  const framed = useFrames(engine, dataset.version, ahead, loadedScenario);
  const evaluation = useEvaluation(spec, framed, dataset.version, dataset.loaded !== null, ahead, loadedScenario);
  // the data is in the engine; before that, a run from the run cache can already be shown
  const dataIn = engine !== null && dataset.version > 0;
  const early = !dataIn && evaluation.result !== null;
  // result tables are written next to the data they describe, never into an engine still empty
  const results = useResultTables(engine, generation, dataset.loaded ? evaluation.result : null);
  const labelsError = useUploadLabels(spec, dataset);
  const nabSource = useNabSource(spec, setSpec, engine, dataset, generation);
  const nab = useNab(spec, engine, dataset.version, dataset.loaded !== null);
  const windowsSource = useWindowsSource(spec, setSpec, engine, dataset, generation);
  const series = spec.source.kind === 'nab';
  // a window table: features without the log lines behind them
  const table = spec.source.kind === 'windows';
  const tableFeatures = table && dataset.loaded?.kind === 'windows' ? dataset.loaded.table.features : null;
  const setLabels = useCallback(
    (labels: LabelSpan[] | null) => void setSpec((s) => (s.source.kind === 'upload' || s.source.kind === 'windows' ? { ...s, source: { ...s.source, labels: labels ?? undefined } } : s)),
    [setSpec],
  );
  const setName = useCallback((name: string) => void setSpec((s) => ({ ...s, name }), { replace: true }), [setSpec]);

  return (
    <>
      <header className="app">
        <h1>Harbinger</h1>
        <span className="tag">log anomaly workbench — your logs stay in this browser tab</span>
        <ExperimentName name={spec.name} onCommit={setName} />
        <CopyLink />
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
        {warnings.length > 0 ? (
          <div className="msg warn" role="status" data-testid="spec-warnings">
            This link was opened with changes: {warnings.join(' ')}{' '}
            <button type="button" onClick={dismissError}>
              Dismiss
            </button>
          </div>
        ) : null}
        <EngineStatus health={health} onRestart={restart} waiting={source.waiting} reload={source.reload} />
        {results.error ? (
          <div className="msg warn" role="alert">
            The results could not be written as SQL tables: {results.error}
          </div>
        ) : null}
        {source.awaiting ? (
          <div className="msg info" role="status" data-testid="link-files">
            This link was made from {source.awaiting.files.length === 1 ? 'an uploaded file' : `${source.awaiting.files.length} uploaded files`}:{' '}
            {source.awaiting.files.map((f) => `${f.name} (${f.size.toLocaleString('en-US')} bytes, SHA-256 ${f.sha256.slice(0, 12)}…)`).join(', ')}. Logs never travel in links: drop the
            same {source.awaiting.files.length === 1 ? 'file' : 'files'} below to reproduce its results (checked by SHA-256, parsed with the link&apos;s settings).
          </div>
        ) : null}
        {source.refused ? (
          <div className="msg error" role="alert" data-testid="link-refused">
            {source.refused.message}{' '}
            <button type="button" onClick={source.acceptRefused}>
              Analyse {source.refused.files.length === 1 ? 'this file' : 'these files'} as a new experiment
            </button>
          </div>
        ) : null}
        {source.error ? (
          <div className="msg error" role="alert">
            {source.error}
          </div>
        ) : null}
        <CellBoundary title="Source">
          <SourceCell spec={spec} engine={engine} dataset={dataset} onUpload={source.upload} onSample={source.pickSample} onPreset={source.pickPreset} onLabels={setLabels} labelsError={labelsError} nab={nabSource} windows={windowsSource} />
        </CellBoundary>
        {spec.source.kind === 'simulator' ? (
          <CellBoundary title="Simulate">
            <SimulateCell source={spec.source} engine={engine} version={dataset.version} onScenario={source.setScenario} />
          </CellBoundary>
        ) : null}
        {dataIn ? (
          <CellBoundary title="Explore">
            {series ? <SeriesNote cell="explore" /> : null}
            {table ? <SeriesNote cell="explore" source="windows" /> : null}
            <ExploreCell explore={spec.explore} setSpec={setSpec} engine={engine} version={dataset.version} />
          </CellBoundary>
        ) : null}
        {dataIn ? (
          <>
            {/* each SQL cell has its own boundary inside SqlCells; this one holds the group's own failures */}
            <CellBoundary title="SQL">
              <SqlCells cells={spec.sql} setSpec={setSpec} engine={engine} versions={{ data: dataset.version, ...results.versions }} />
            </CellBoundary>
            <CellBoundary title="Features">
              <FeaturesCell spec={spec} setSpec={setSpec} engine={framed ?? engine} version={dataset.version} tableFeatures={tableFeatures} />
            </CellBoundary>
          </>
        ) : null}
        {dataIn || early ? (
          <>
            <CellBoundary title="Models">
              <ModelsCell spec={spec} setSpec={setSpec} evaluation={evaluation} />
            </CellBoundary>
            <CellBoundary title="Evaluate">
              <EvaluateCell spec={spec} setSpec={setSpec} evaluation={evaluation} engine={dataIn ? engine : null} version={dataset.version} nab={series ? <NabView state={nab} skipped={nabRunOf(spec).skipped} /> : undefined} />
            </CellBoundary>
            <CellBoundary title="Predict">
              {series ? <SeriesNote cell="predict" /> : <PredictCell evaluation={evaluation} source={spec.source.kind} />}
            </CellBoundary>
            {engine && dataIn ? (
              <CellBoundary title="Live">
                <LiveCell spec={spec} setSpec={setSpec} engine={engine} evaluation={evaluation} />
              </CellBoundary>
            ) : null}
            <CellBoundary title="Report">
              <ReportCell spec={spec} engine={dataIn ? engine : null} version={dataset.version} evaluation={evaluation} />
            </CellBoundary>
          </>
        ) : null}
      </main>
    </>
  );
}
