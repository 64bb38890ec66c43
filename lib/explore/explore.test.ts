import { openNative } from '../engine/native';
import { openWasmNode } from '../engine/wasm-node';
import { defineExploreSuite } from './explore.suite';

defineExploreSuite('duckdb-wasm', openWasmNode);
defineExploreSuite('native', () => openNative());
