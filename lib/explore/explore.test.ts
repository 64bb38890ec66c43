import { openNative } from '../db/native';
import { openWasmNode } from '../db/wasm-node';
import { defineExploreSuite } from './explore.suite';

defineExploreSuite('duckdb-wasm', openWasmNode);
defineExploreSuite('native', () => openNative());
