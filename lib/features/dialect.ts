/**
 * The few SQL spellings in which DuckDB and ClickHouse 18.16 differ, for the window features
 * (families.ts). ClickHouse 18.16 (Debian's) lacks window functions, table CTEs and
 * toStartOfInterval, so only aggregates every release since then also has are used: countIf,
 * uniqExact(If), avgIf/maxIf, groupArray + arraySort, intDiv, match, startsWith. Quantiles are
 * spelled as DuckDB's quantile_cont (linear between the two nearest ranks) on both engines, from
 * the sorted values: quantileExact picks one rank without interpolating and would not agree.
 */
import { assertNever } from '../util/assert-never';
import { sqlString } from '../db/schema';

export type DialectName = 'duckdb' | 'clickhouse';

export interface Dialect {
  name: DialectName;
  /** window index of a row: floor(epoch ms / w), an integer */
  win(w: number): string;
  /** epoch ms of a row, an integer (sub-ms digits dropped, as DuckDB's epoch_ms does) */
  ms: string;
  countIf(cond: string): string;
  /** the q-quantile of `x` over rows where `cond` holds (NULL and non-finite values left out), linear interpolation */
  quantile(x: string, q: number, cond?: string): string;
  uniq(x: string): string;
  uniqIf(x: string, cond: string): string;
  /**
   * mean of `x` over rows where `cond` holds, summed in (epoch ms, x) order one value after another:
   * the same bits on every engine and thread count (a sum's last bit depends on its order)
   */
  avgIf(x: string, cond: string): string;
  maxIf(x: string, cond: string): string;
  /** a finite double (NULL is not) */
  finite(x: string): string;
  /** RE2 regular expression match */
  matches(x: string, re: string): string;
  startsWith(x: string, prefix: string): string;
  /** the IN of a sub-select over the (possibly distributed) log table */
  inSub: string;
  /** a double */
  double(x: string): string;
  /** a string literal */
  str(s: string): string;
  /** the inner join of two sub-selects */
  innerJoin: string;
  /** boolean false */
  false: string;
}

const duckdb: Dialect = {
  name: 'duckdb',
  win: (w) => `CAST(floor(epoch_ms(ts) / ${w}) AS BIGINT)`,
  ms: 'epoch_ms(ts)',
  countIf: (c) => `count(*) FILTER (WHERE ${c})`,
  quantile: (x, q, c) => `quantile_cont(CASE WHEN isfinite(${x}) THEN ${x} END, ${q})${c ? ` FILTER (WHERE ${c})` : ''}`,
  uniq: (x) => `count(DISTINCT ${x})`,
  uniqIf: (x, c) => `count(DISTINCT ${x}) FILTER (WHERE ${c})`,
  avgIf: (x, c) => `avg(${x} ORDER BY epoch_ms(ts), ${x}) FILTER (WHERE ${c})`,
  maxIf: (x, c) => `max(${x}) FILTER (WHERE ${c})`,
  finite: (x) => `isfinite(${x})`,
  matches: (x, re) => `regexp_matches(${x}, ${re})`,
  startsWith: (x, p) => `prefix(${x}, ${p})`,
  inSub: 'IN',
  double: (x) => `CAST(${x} AS DOUBLE)`,
  str: sqlString,
  innerJoin: 'JOIN',
  false: 'false',
};

/**
 * Sorted finite values, then DuckDB's interpolation, to the bit: rank r = q·(n − 1), d = r − ⌊r⌋,
 * lo·(1 − d) + hi·d (lo + (hi − lo)·d differs in the last bit for about one case in seven).
 * NULL for no values, as DuckDB's.
 */
function chQuantile(x: string, q: number, cond?: string): string {
  const keep = `isFinite(assumeNotNull(${x})) AND isNotNull(${x})${cond ? ` AND (${cond})` : ''}`;
  const s = `arraySort(groupArrayIf(assumeNotNull(${x}), ${keep}))`;
  const r = `(${q} * (length(${s}) - 1))`;
  const lo = `arrayElement(${s}, toUInt64(floor(${r})) + 1)`;
  const hi = `arrayElement(${s}, toUInt64(ceil(${r})) + 1)`;
  const d = `(${r} - floor(${r}))`;
  return `if(length(${s}) = 0, NULL, ${lo} * (1 - ${d}) + ${hi} * ${d})`;
}

const clickhouse: Dialect = {
  name: 'clickhouse',
  win: (w) => `intDiv(ts_ms, ${w})`,
  ms: 'ts_ms',
  countIf: (c) => `countIf(${c})`,
  quantile: chQuantile,
  uniq: (x) => `uniqExact(${x})`,
  uniqIf: (x, c) => `uniqExactIf(${x}, ${c})`,
  // arraySum adds left to right (checked against a sequential sum in JS)
  avgIf: (x, c) => `if(countIf(${c}) = 0, NULL, arraySum(arrayMap(t -> tupleElement(t, 2), arraySort(groupArrayIf((ts_ms, assumeNotNull(${x})), ${c})))) / countIf(${c}))`,
  maxIf: (x, c) => `maxIf(${x}, ${c})`,
  finite: (x) => `(isNotNull(${x}) AND isFinite(assumeNotNull(${x})))`,
  matches: (x, re) => `match(${x}, ${re})`,
  startsWith: (x, p) => `startsWith(${x}, ${p})`,
  // the sub-select runs once on the initiator and ships to the shards (no double-distributed query)
  inSub: 'GLOBAL IN',
  double: (x) => `toFloat64(${x})`,
  // ClickHouse reads backslash escapes in literals, DuckDB does not
  innerJoin: 'ALL INNER JOIN',
  false: '0',
  str: (s) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`,
};

export function dialect(name: DialectName): Dialect {
  switch (name) {
    case 'duckdb':
      return duckdb;
    case 'clickhouse':
      return clickhouse;
    default:
      return assertNever(name);
  }
}
