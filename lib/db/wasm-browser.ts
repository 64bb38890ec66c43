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

/** `beforeOpen`: awaited once the engine is compiled and instantiated, before it opens a database (the caller's more urgent work first) */
export async function openWasmBrowser(bundle: WasmBrowserBundle, beforeOpen?: () => Promise<unknown>): Promise<WasmDb> {
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
  const failed = streamFromCache(bindings, bundle.mainModule);
  await Promise.race([bindings.instantiate(() => {}), failed]);
  await beforeOpen?.();
  bindings.open({});
  return new WasmDb(bindings);
}

type Imports = WebAssembly.Imports;
type Instantiated = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;

/**
 * duckdb-wasm pipes the .wasm response through a TransformStream to report download progress and
 * compiles a `new Response(stream)` built from it. Chrome keeps compiled wasm code only for a
 * response that comes from its HTTP cache as it is, so that wrapper made every visit compile the
 * 35 MB engine again (≈ 1.6 s here). The engine's own `instantiateWasm` hook is replaced, before
 * `instantiate()` binds it, with a plain streaming compile of the fetched response; nothing reads
 * the download progress. Returns a promise that rejects if that compile fails (it never resolves
 * otherwise), since Emscripten's hook has no way to report a failure.
 */
function streamFromCache(bindings: object, url: string): Promise<never> {
  let fail!: (e: unknown) => void;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  Object.assign(bindings, {
    instantiateWasm(imports: Imports, done: Instantiated) {
      // the engine's imports reach the runtime through this global (what the replaced hook set too)
      (globalThis as { DUCKDB_RUNTIME?: unknown }).DUCKDB_RUNTIME = blocking.BROWSER_RUNTIME;
      WebAssembly.instantiateStreaming(fetch(url, { credentials: 'same-origin' }), imports).then(
        (r) => done(r.instance, r.module),
        (e: unknown) => fail(new Error(`the DuckDB engine ${url} could not be compiled: ${e instanceof Error ? e.message : String(e)}`, { cause: e })),
      );
      // Emscripten's convention for "instantiated asynchronously: the exports come through the callback"
      return {};
    },
  });
  return failed;
}
