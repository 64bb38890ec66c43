import { defineEngineSuite } from './engine.suite';
import { openWasmNode } from './wasm-node';

defineEngineSuite('duckdb-wasm (Node blocking build)', openWasmNode);
