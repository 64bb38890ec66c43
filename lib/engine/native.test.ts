import { defineEngineSuite } from './engine.suite';
import { openNative } from './native';

defineEngineSuite('native @duckdb/node-api', () => openNative(':memory:', { threads: 2 }));
