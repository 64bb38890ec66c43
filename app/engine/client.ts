import * as Comlink from 'comlink';
import type { EngineApi, FileInput } from '@/workers/engine.worker';
import type { EngineResult } from '@/lib/engine/result';
import type { Row } from '@/lib/engine/db';
import type { ParseOptions, ParseReport } from '@/lib/ingest/types';
import type { LoadOptions } from '@/lib/engine/load';
import type { SimProgress, SimSummary } from '@/lib/engine/simulate';
import type { Scenario } from '@/simulator/scenario';
import type { FeatureFrame, FitSpan } from '@/lib/eval/frame';
import type { LabelRow } from '@/lib/labels/types';
import type { ResultTables } from '@/lib/engine/results';

export type LoadProgress = Parameters<NonNullable<LoadOptions['onProgress']>>[0];

export interface Engine {
  init(): Promise<EngineResult<boolean>>;
  load(files: FileInput[], parse: ParseOptions, onProgress?: (p: LoadProgress) => void): Promise<EngineResult<ParseReport[]>>;
  simulate(scenario: Scenario, onProgress?: (p: SimProgress) => void): Promise<EngineResult<SimSummary>>;
  simulationZip(scenario: Scenario): Promise<EngineResult<Blob>>;
  cancel(): void;
  sha256(blob: Blob): Promise<EngineResult<string>>;
  /** one read-only query (the worker refuses anything else), at most `limit` rows */
  query(sql: string, limit?: number): Promise<EngineResult<Row[]>>;
  /** windowed features of the loaded data (null = the default features for it), baselines fitted on the training span `fit` names */
  features(windowSec: number, features: string[] | null, fit: FitSpan): Promise<EngineResult<FeatureFrame>>;
  labels(): Promise<EngineResult<LabelRow[]>>;
  writeResults(tables: ResultTables): Promise<EngineResult<void>>;
  dispose(): void;
}

/**
 * Starts the engine worker. Every call is raced against the worker's `error` event so a worker
 * that fails to load becomes an error result instead of a promise that never settles.
 */
export function startEngine(): Engine {
  const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'harbinger-engine' });
  let failure: string | null = null;
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => {
      failure = e.message || 'the engine worker failed to start';
      reject(new Error(failure));
    });
  });
  failed.catch(() => undefined);
  const remote = Comlink.wrap<EngineApi>(worker);

  async function guard<T>(call: () => Promise<EngineResult<T>>): Promise<EngineResult<T>> {
    if (failure) return { ok: false, error: { kind: 'engine', message: failure } };
    try {
      return await Promise.race([call(), failed]);
    } catch (e) {
      return { ok: false, error: { kind: 'engine', message: e instanceof Error ? e.message : String(e) } };
    }
  }

  return {
    init: () => guard(() => remote.init()),
    load: (files, parse, onProgress) => guard(() => remote.load(files, parse, onProgress ? Comlink.proxy(onProgress) : undefined)),
    simulate: (scenario, onProgress) => guard(() => remote.simulate(scenario, onProgress ? Comlink.proxy(onProgress) : undefined)),
    simulationZip: (scenario) => guard(() => remote.simulationZip(scenario)),
    cancel: () => void remote.cancel(),
    sha256: (blob) => guard(() => remote.sha256(blob)),
    query: (sql, limit) => guard(() => remote.query(sql, limit)),
    features: (windowSec, features, fit) => guard(() => remote.features(windowSec, features, fit)),
    labels: () => guard(() => remote.labels()),
    writeResults: (tables) => guard(() => remote.writeResults(tables)),
    dispose: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
