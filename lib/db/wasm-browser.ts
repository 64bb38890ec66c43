/**
 * Opens duckdb-wasm synchronously inside our own Web Worker (the engine worker), so parsing and
 * inserting happen on one thread with no second postMessage hop into DuckDB's own worker.
 *
 * The package's `./blocking` export sends browsers to a file that does not exist, and its exports
 * map hides `dist/duckdb-browser-blocking.mjs`, so the build is imported by relative path.
 */
// @ts-expect-error TS7016: the types ship as duckdb-browser-blocking.d.ts, which TS never pairs with a .mjs path.
import * as blockingBuild from '../../node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs';
import type * as BrowserBlocking from '../../node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking';
import { WasmDb } from './wasm';
import { checkEngineFile } from './engine-file';

const blocking = blockingBuild as typeof BrowserBlocking;

export interface WasmBrowserBundle {
  /** URL of duckdb-eh.wasm (exception-handling build; every current browser supports it) */
  mainModule: string;
  /** Ignored: the blocking build runs in the calling worker. Accepted so a DuckDBBundle can be passed as is. */
  mainWorker?: string | null;
  /** URL of duckdb-mvp.wasm, used only by browsers without WebAssembly exceptions; default: none (fail clearly) */
  mvpModule?: string;
}

export async function openWasmBrowser(bundle: WasmBrowserBundle): Promise<WasmDb> {
  if (typeof bundle?.mainModule !== 'string' || bundle.mainModule === '') {
    throw new Error(`invalid duckdb wasm URL: ${String(bundle?.mainModule)}`);
  }
  await checkEngineFile(bundle.mainModule);
  const features = await blocking.getPlatformFeatures();
  if (!features.wasmExceptions && !bundle.mvpModule) {
    throw new Error('this browser lacks WebAssembly exception handling, which the DuckDB "eh" build needs');
  }
  const bindings = await blocking.createDuckDB(
    {
      mvp: { mainModule: bundle.mvpModule ?? bundle.mainModule, mainWorker: '' },
      eh: { mainModule: bundle.mainModule, mainWorker: '' },
    },
    new blocking.VoidLogger(),
    blocking.BROWSER_RUNTIME,
  );
  await bindings.instantiate(() => {});
  bindings.open({});
  return new WasmDb(bindings);
}
