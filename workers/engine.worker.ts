/// <reference lib="webworker" />
// Engine worker: duckdb-wasm (blocking build) runs inside this worker, next to the parsers, so a
// file is read from its File handle, parsed and appended to DuckDB without crossing threads.
import * as Comlink from 'comlink';
import type { WasmDb } from '../lib/db/wasm';
import { createSchema, metricNames, readLabels, replaceLabels, resetData } from '../lib/db/schema';
import type { LabelRow } from '../lib/labels/types';
import { loadFeaturesChecked, type FitSpan } from '../lib/eval/frame';
import { writeResults, writeThresholds, type ResultTables, type ThresholdTables } from '../lib/jobs/results';
import { defaultFeatures } from '../lib/features/catalogue';
import { lockDown } from '../lib/db/security';
import { loadSources, type LoadOptions } from '../lib/jobs/load';
import { chunksFromBlob } from '../lib/ingest/blob';
import { TAB_MAX_ROWS } from '../lib/ingest/limits';
import { sha256Hex } from '../lib/ingest/hash';
import { capture } from '../lib/jobs/result';
import { tabParallelIngest } from '../lib/jobs/tab-parallel';
import { parseRemotes, remoteHasher, slicePool } from '../lib/jobs/slice-pool';
import type { HashApi } from '../lib/ingest/hash';
import { runReadOnly } from '../lib/sql/readonly';
import type { ParseOptions } from '../lib/ingest/types';
import { simulateInto, type SimProgress } from '../lib/jobs/simulate';
import { GeneratedAhead, frameAhead } from '../lib/jobs/ahead';
import { scenarioKey } from '../lib/jobs/scenario-key';
import { simulationZip } from '../lib/jobs/sim-files';
import type { Scenario } from '../simulator/scenario';
import { dropNabTables, readNabSeries, writeNabTables } from '../lib/jobs/nab-tables';
import { nabLabelRows, nabSeries } from '../lib/eval/nab-source';
import type { NabWindow } from '../lib/metrics/nab';
import { recordSpan, sliceBuffers, sliceRecords } from '../lib/jobs/live-slices';
import { fitFeatureState } from '../lib/live/feature-state';
import { warmFeaturer, type WarmRequest } from '../lib/live/warm';
import { readWindowTableFile, type WindowTable } from '../lib/features/window-file';
import { windowTableFrame, type WindowTableSummary } from '../lib/features/window-held';

let db: Promise<WasmDb> | null = null;
let current: AbortController | null = null;
/** performance.now() when the engine became ready, null before */
let readyAt: number | null = null;
/** the page's scenario, generated while the engine starts (prepare) */
let ahead: GeneratedAhead | null = null;
/** the rows a frame ahead is computed from (kept apart from `ahead`, which a simulate call clears) */
let framing: GeneratedAhead | null = null;
/** settles when the frame ahead is computed, dropped or failed */
let framed: Promise<unknown> = Promise.resolve();
/** how long generating ahead may run on past the engine's start, waiting for the page's simulate call */
const AHEAD_GRACE_MS = 1_000;
// a window table in place of log lines: the feature frame itself, answered by `features`
let heldTable: (WindowTable & { name: string }) | null = null;
/** the parse workers and the hash worker the page started for this engine (attachHelpers) */
let parsers: ReturnType<typeof parseRemotes> = [];
let hashWorker: Comlink.Remote<HashApi> | null = null;

function engine(): Promise<WasmDb> {
  db ??= (async () => {
    // DuckDB's bindings (most of this worker's code) load as a chunk of their own: the opening
    // simulation starts generating before they have been fetched and parsed
    const { openWasmBrowser } = await import('../lib/db/wasm-browser');
    // The wasm (from a folder named for the package version, next.config.mjs: cached by the browser
    // for good) compiles on V8's threads while the opening frame is computed on this one; DuckDB
    // opens once that frame is done. Training waits for the frame and Explore for the rows, so the
    // frame goes first: opening DuckDB and inserting the rows on this thread meanwhile put it up to
    // 1.5 s later. A frame that another load abandoned (restart) settles at once.
    const d = await openWasmBrowser({ mainModule: new URL(`${process.env.HARBINGER_DUCKDB_WASM_DIR}duckdb-eh.wasm`, self.location.origin).href }, () => framed);
    await createSchema(d);
    // Everything the engine needs is loaded: from here on no query, log or link can reach a URL or file.
    await lockDown(d);
    readyAt = performance.now();
    return d;
  })();
  return db;
}

/** Cancels the running load or simulation and hands out the signal for the next one. */
function restart(): AbortController {
  current?.abort();
  // whatever comes next, rows generated ahead that it did not claim are not wanted any more (nor their frame)
  if (ahead && !ahead.isClaimed) ahead.abandon();
  ahead = null;
  current = new AbortController();
  return current;
}

export interface FileInput { name: string; blob: Blob; lastModified?: number }

const api = {
  init: () => capture('engine', async () => { await engine(); return true; }),
  /** ports to the helper workers the page started: big access logs are parsed in the parse workers, uploads hashed in the hash worker */
  attachHelpers: (parsePorts: MessagePort[], hashPort: MessagePort) => {
    parsers = parseRemotes(parsePorts);
    hashWorker = Comlink.wrap<HashApi>(hashPort);
  },
  /** a round trip the page times to tell a busy or dead worker from a live one (lib/jobs/supervisor.ts) */
  ping: () => true,
  /** `labels`: the user's incidents for these files, swapped in with them (a link's labels: one load, one training run) */
  load: (files: FileInput[], parse: ParseOptions, onProgress?: LoadOptions['onProgress'], labels: LabelRow[] = []) =>
    capture('input', async () => {
      const ctrl = restart();
      const inputs = files.map((f) => ({ name: f.name, size: f.blob.size, lastModified: f.lastModified, chunks: chunksFromBlob(f.blob) }));
      const d = await engine();
      await dropNabTables(d);
      // hashed while parsed: the page names the files in the link by these hashes
      // a big access log is cut into slices parsed by the parse workers while this thread hashes and inserts (lib/jobs/tab-parallel.ts)
      const ingestFile = parsers.length > 0 ? tabParallelIngest({ pool: () => slicePool(parsers), insertIPC: (table, ipc) => d.insertIPC(table, ipc) }) : undefined;
      const reports = await loadSources(d, inputs, { ...parse, signal: ctrl.signal, onProgress, maxRows: TAB_MAX_ROWS, labels, hash: true, ingestFile, hasher: hashWorker ? () => remoteHasher(hashWorker!) : undefined });
      heldTable = null;
      return reports;
    }),
  /** a NAB series: checked as `harbinger nab` reads it, loaded as a metric (Explore, features) and as nab_series/nab_windows */
  loadNab: (file: FileInput, key: string, windows: NabWindow[], onProgress?: LoadOptions['onProgress']) =>
    capture('input', async () => {
      const ctrl = restart();
      const series = nabSeries(await file.blob.text(), file.name, key, windows);
      const d = await engine();
      await dropNabTables(d);
      const input = { name: file.name, size: file.blob.size, lastModified: file.lastModified, chunks: chunksFromBlob(file.blob) };
      // the windows are the series' labels, swapped in with it (one load, one training run)
      const reports = await loadSources(d, [input], { format: 'metrics-csv', signal: ctrl.signal, onProgress, maxRows: TAB_MAX_ROWS, labels: nabLabelRows(windows) });
      await writeNabTables(d, series);
      heldTable = null;
      return reports;
    }),
  /**
   * a window table (`harbinger features --out`, .csv or .parquet): checked as `harbinger evaluate
   * --windows` checks it; the log tables are emptied (there are no lines) and `labels` swapped in
   */
  loadWindows: (file: FileInput, labels: LabelRow[]) =>
    capture('input', async (): Promise<WindowTableSummary> => {
      restart();
      const table = await readWindowTableFile(file.name, await file.blob.arrayBuffer());
      const d = await engine();
      await dropNabTables(d);
      await resetData(d);
      await replaceLabels(d, labels);
      heldTable = { ...table, name: file.name };
      return { name: file.name, windows: table.frame.starts.length, windowSec: table.windowSec, features: table.frame.features, from: table.frame.starts[0]!, to: table.frame.starts[table.frame.starts.length - 1]! };
    }),
  /** the NAB series the engine holds (rows in file order), or null */
  nabSeries: () => capture('sql', async () => readNabSeries(await engine())),
  /**
   * Starts generating `scenario` while the engine is still starting (the page knows its scenario
   * at once; DuckDB's compile leaves this thread idle). A later `simulate` of the same scenario
   * takes those rows; anything else drops them. Answers whether it started.
   */
  prepare: (scenario: Scenario) => {
    if (readyAt !== null) return false;
    const mine = (ahead = new GeneratedAhead(scenario));
    void mine.fill(() => ahead !== mine || (readyAt !== null && performance.now() - readyAt > AHEAD_GRACE_MS));
    return true;
  },
  /**
   * The feature frame and labels of the prepared scenario, from its rows in JS while DuckDB still
   * starts (the same frame as `features` gives once the rows are in); null when not prepared for it
   */
  frameAhead: (scenario: Scenario, windowSec: number, features: string[] | null, fit: FitSpan) =>
    capture('engine', async () => {
      framing = ahead;
      if (!framing) return null;
      const frame = frameAhead(framing, scenario, windowSec, features, fit);
      framed = frame.catch(() => null);
      return frame;
    }),
  /** the page's run came from its cache: the frame ahead is not wanted (the rows still are) */
  dropFrameAhead: () => framing?.dropFrame(),
  simulate: (scenario: Scenario, onProgress?: (p: SimProgress) => void) =>
    capture('input', async () => {
      const batches = ahead?.claim(scenarioKey(scenario)) ?? undefined;
      const ctrl = restart();
      const d = await engine();
      await dropNabTables(d);
      const summary = await simulateInto(d, scenario, { signal: ctrl.signal, onProgress, batches });
      heldTable = null;
      return summary;
    }),
  /** the scenario's log files + labels as a zip, for download (text generated here, off the page's thread) */
  simulationZip: (scenario: Scenario) => capture('input', async () => simulationZip(scenario)),
  cancel: () => { current?.abort(); },
  sha256: (blob: Blob) => capture('input', () => sha256Hex(chunksFromBlob(blob))),
  /** read-only by construction, whoever calls it (lib/sql/readonly.ts); jobs that write have their own entry points */
  query: (sql: string, limit?: number) => capture('sql', async () => runReadOnly(await engine(), sql, { limit })),
  /**
   * windowed features for the model worker; `features` null = the defaults for the loaded data;
   * baselines fitted on the training span `fit` names (the evaluation's train share)
   */
  /** the fitted baselines a model bundle's window features need (lib/live/feature-state.ts) */
  featureState: (windowSec: number, features: string[], fitUntilMs: number) => capture('sql', async () => fitFeatureState(await engine(), { windowSec, features, fitUntilMs })),
  features: (windowSec: number, features: string[] | null, fit: FitSpan) =>
    capture('sql', async () => {
      if (heldTable) return windowTableFrame(heldTable, windowSec, features);
      const d = await engine();
      return loadFeaturesChecked(d, windowSec, features ?? defaultFeatures(await metricNames(d)), fit);
    }),
  labels: () => capture('sql', async () => readLabels(await engine())),
  /** the user's labels for uploaded logs, in place of whatever the table held */
  setLabels: (rows: LabelRow[]) => capture('input', async () => replaceLabels(await engine(), rows)),
  /** features, scores and alarms of the latest run as tables for SQL */
  writeResults: (tables: ResultTables) => capture('sql', async () => writeResults(await engine(), tables)),
  /** live mode: the span the loaded records cover (epoch ms, `to` exclusive), or null */
  recordSpan: () => capture('sql', async () => recordSpan(await engine())),
  /**
   * live mode: answers a replay's record slices on `port`, so the live worker reads them without the
   * page in between; with `warm`, starts feeding the training span to a featurer now (lib/live/warm.ts)
   */
  serveSlices: (port: MessagePort, warm?: WarmRequest) => {
    const warmed = warm ? engine().then((d) => warmFeaturer(d, warm)) : null;
    // a failure is the live worker's to report, when it asks
    warmed?.catch(() => undefined);
    Comlink.expose(
      {
        slice: async (from: number, to: number) => {
          const batches = await sliceRecords(await engine(), from, to);
          return Comlink.transfer(batches, sliceBuffers(batches));
        },
        warm: () => warmed ?? Promise.resolve(null),
      },
      port,
    );
  },
  /** after a threshold change: the threshold-dependent columns of scores, and alarms */
  writeThresholds: (tables: ThresholdTables) => capture('sql', async () => writeThresholds(await engine(), tables)),
};

export type EngineApi = typeof api;
Comlink.expose(api);
