import { describe, expect, it } from 'vitest';
import { READ_ONLY_TABLE_FUNCTIONS, disallowedFunctions, planFunctions } from './plan';

// Shaped like DuckDB's `EXPLAIN (FORMAT json)` rows (duckdb-wasm pads operator names with a space).
const plan = (tree: unknown) => [{ explain_key: 'physical_plan', explain_value: JSON.stringify(tree) }];

describe('planFunctions', () => {
  it('finds every table function in the tree, lower case', () => {
    const rows = plan([
      {
        name: 'STREAMING_LIMIT',
        children: [
          {
            name: 'UNION',
            children: [
              { name: 'RANGE ', children: [], extra_info: { Function: 'RANGE', 'Estimated Cardinality': '10' } },
              { name: 'SEQ_SCAN ', children: [], extra_info: { Table: 'requests' } },
              { name: 'ENABLE_LOGGING ', children: [], extra_info: { Function: 'ENABLE_LOGGING' } },
            ],
            extra_info: {},
          },
        ],
        extra_info: {},
      },
    ]);
    expect(planFunctions(rows).sort()).toEqual(['enable_logging', 'range']);
  });

  it('fails closed on a plan it cannot read', () => {
    expect(() => planFunctions([])).toThrow(/no plan/);
    expect(() => planFunctions([{ explain_key: 'physical_plan', explain_value: '┌──┐' }])).toThrow(/could not be read/);
  });
});

describe('disallowedFunctions', () => {
  it('refuses what changes the engine and anything it does not know', () => {
    expect(disallowedFunctions(['range', 'enable_logging', 'checkpoint', 'duckdb_tables', 'some_new_function'])).toEqual(['checkpoint', 'enable_logging', 'some_new_function']);
  });

  it('never lists a function that changes the engine as read-only', () => {
    for (const f of ['enable_logging', 'disable_logging', 'truncate_duckdb_logs', 'enable_profiling', 'disable_profiling', 'checkpoint', 'force_checkpoint', 'enable_peg_parser', 'disable_peg_parser', 'arrow_scan', 'arrow_scan_dumb', 'json_execute_serialized_sql']) {
      expect(READ_ONLY_TABLE_FUNCTIONS.has(f), f).toBe(false);
    }
  });
});
