// The SQL cell's path against a real, locked-down DuckDB: native (CLI) and duckdb-wasm (the browser's engine).
import { openNative } from '../db/native';
import { openWasmNode } from '../db/wasm-node';
import { defineSqlSuite } from './sql.suite';

defineSqlSuite('native @duckdb/node-api', () => openNative(':memory:', { threads: 2 }));
defineSqlSuite('duckdb-wasm (Node blocking build)', openWasmNode);
