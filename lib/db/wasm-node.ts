/** Opens duckdb-wasm in Node (unit tests, benchmarks) through its blocking build. */
import { createRequire } from 'node:module';
import { NODE_RUNTIME, VoidLogger, createDuckDB } from '@duckdb/duckdb-wasm/blocking';
import { WasmDb } from './wasm';

export async function openWasmNode(): Promise<WasmDb> {
  const require = createRequire(import.meta.url);
  const file = (name: string) => require.resolve(`@duckdb/duckdb-wasm/dist/${name}`);
  const bindings = await createDuckDB(
    {
      mvp: { mainModule: file('duckdb-mvp.wasm'), mainWorker: file('duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: file('duckdb-eh.wasm'), mainWorker: file('duckdb-node-eh.worker.cjs') },
    },
    new VoidLogger(),
    NODE_RUNTIME,
  );
  await bindings.instantiate(() => {});
  bindings.open({});
  return new WasmDb(bindings);
}
