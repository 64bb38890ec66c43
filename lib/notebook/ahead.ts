/**
 * Training ahead of the data engine: for a simulated source the engine worker computes the feature
 * frame from the rows it generates while duckdb-wasm starts (lib/jobs/ahead.ts), and the page
 * trains on it at once. When DuckDB then has the same rows, that run is the run of the loaded data
 * (the frame is the SQL frame, bit for bit): it is kept, not trained again. These are the rules
 * for what the frame is asked for and when a run trained ahead counts for the loaded data.
 */
import { fitSpanOf, type FitSpan } from '../eval/frame';
import { trainingKey } from '../eval/from-spec';
import { scenarioKey } from '../jobs/scenario-key';
import { parseWindow, type ExperimentSpec } from '../spec/schema';
import type { Scenario } from '../../simulator/scenario';

/** The frame a spec trains on, asked of the engine before its data is loaded. */
export interface AheadRequest {
  scenario: Scenario;
  windowSec: number;
  /** null: the defaults for the simulated rows */
  features: string[] | null;
  fit: FitSpan;
}

/** The request for a simulated source; null for any other (their rows are not known before they load). */
export function aheadRequestOf(spec: ExperimentSpec): AheadRequest | null {
  if (spec.source.kind !== 'simulator') return null;
  const windowSec = parseWindow(spec.window);
  return { scenario: spec.source.scenario, windowSec, features: spec.models.features, fit: fitSpanOf(spec.models, windowSec) };
}

/** A run trained on the frame computed ahead of the engine, as the notebook tracks it. */
export interface AheadRun {
  /** aheadRunKey of the spec it trains */
  key: string;
  /** trainingKey and run-cache key of that spec: the run keeps them when the data adopts it (stale if the spec moved on) */
  trainingKey: string;
  cacheKey: string;
  /** the result key once the loaded data adopted it (keepsAhead), else null: it is still the run of "no data yet" */
  adopted: string | null;
  /** the frame never came (not prepared, the worker restarted): the loaded data trains itself */
  failed: boolean;
}

/** What a run trained ahead was trained on: the simulated data and everything training depends on. */
export function aheadRunKey(spec: ExperimentSpec): string | null {
  return spec.source.kind === 'simulator' ? JSON.stringify([scenarioKey(spec.source.scenario), trainingKey(spec)]) : null;
}

/**
 * Whether a run trained ahead (`aheadKey`, from aheadRunKey) is a run of the data now loaded: the
 * loaded data is the simulation it trained on (`loadedScenario`, its scenarioKey). What the spec
 * asks of training now does not matter: a run of this data trained before a change of detectors,
 * window or split is shown stale, as any run is after such a change, and waits for Retrain instead
 * of being retrained because DuckDB took the rows. A run the user forced (Train / Retrain) never adopts it.
 */
export function keepsAhead(aheadKey: string | null, loadedScenario: string | null, forced: boolean): boolean {
  if (forced || aheadKey === null || loadedScenario === null) return false;
  const [scenario] = JSON.parse(aheadKey) as [string, string];
  return scenario === loadedScenario;
}
