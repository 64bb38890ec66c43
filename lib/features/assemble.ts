/**
 * The window table from per-family rows (families.ts), for engines that return each family on its
 * own (ClickHouse 18.16 has no window functions, so the grid, the fills and the changes from the
 * previous window are done here). Same rules as sql.ts's final SELECT: one row per window from the
 * first to the last, non-finite values become the fill value (0; 1 for the route latency index;
 * metric gauges carry the last finite value forward, else 0), `d:<id>` is the change from the
 * previous window (0 for the first).
 */
import { assertNever } from '../util/assert-never';
import { featureDef, parseMetricFeature } from './catalogue';

export type FamilyName = 'rq' | 'ipt' | 'nip' | 'rt' | 'au' | 'aut' | 'mt' | 'rli' | 'mres' | 'mrise';

const FEATURE_FAMILY: Record<string, FamilyName> = {
  requests: 'rq', rate_4xx: 'rq', rate_5xx: 'rq', p50_ms: 'rq', p90_ms: 'rq', p99_ms: 'rq', bytes: 'rq', unique_ips: 'rq',
  top_ip_share: 'ipt', new_ip_ratio: 'nip', route_p90_max: 'rt', route_5xx_max: 'rt', route_latency_index_max: 'rli',
  auth_failures: 'au', auth_invalid_users: 'au', auth_fail_ips: 'au', auth_top_ip_failures: 'aut',
};

/** The families a base feature reads (shares also read rq for their denominator). */
export function familiesOf(id: string): FamilyName[] {
  const m = parseMetricFeature(id);
  if (m) {
    switch (m.kind) {
      case 'mean':
      case 'max':
        return ['mt'];
      case 'rise_max':
        return ['mrise'];
      case 'resid_load_max':
      case 'resid_tod_max':
        return ['mres'];
      default:
        return assertNever(m.kind);
    }
  }
  const f = FEATURE_FAMILY[id];
  if (!f) throw new Error(`unknown feature: ${id}`);
  return f === 'ipt' || f === 'nip' ? [f, 'rq'] : [f];
}

/** Per family, its rows keyed by window index; a cell is a number or null. */
export type FamilyRows = Partial<Record<FamilyName, Map<number, Record<string, number | null>>>>;

type Fill = 'zero' | 'one' | 'carry';

/** A base feature's raw value in window i (before the fill), from the family rows. */
function rawValue(id: string, rows: FamilyRows, i: number, metricKey: (name: string) => string): { v: number | null; fill: Fill } {
  const cell = (f: FamilyName, col: string): number | null => rows[f]?.get(i)?.[col] ?? null;
  const div = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
  const m = parseMetricFeature(id);
  if (m) {
    const k = metricKey(m.name);
    switch (m.kind) {
      case 'mean':
      case 'max':
        return { v: cell('mt', `${m.kind}_${k}`), fill: 'carry' };
      case 'resid_load_max':
        return { v: cell('mres', `load_${k}`), fill: 'carry' };
      case 'resid_tod_max':
        return { v: cell('mres', `tod_${k}`), fill: 'carry' };
      case 'rise_max':
        return { v: cell('mrise', `rise_${k}`), fill: 'carry' };
      default:
        return assertNever(m.kind);
    }
  }
  const v: Record<string, () => number | null> = {
    requests: () => cell('rq', 'requests'),
    rate_4xx: () => div(cell('rq', 'n4xx'), cell('rq', 'requests')),
    rate_5xx: () => div(cell('rq', 'n5xx'), cell('rq', 'requests')),
    p50_ms: () => cell('rq', 'p50'),
    p90_ms: () => cell('rq', 'p90'),
    p99_ms: () => cell('rq', 'p99'),
    bytes: () => cell('rq', 'bytes'),
    unique_ips: () => cell('rq', 'unique_ips'),
    top_ip_share: () => div(cell('ipt', 'top_n'), cell('rq', 'requests')),
    new_ip_ratio: () => div(cell('nip', 'new_ips'), cell('rq', 'unique_ips')),
    route_p90_max: () => cell('rt', 'route_p90_max'),
    route_5xx_max: () => cell('rt', 'route_5xx_max'),
    route_latency_index_max: () => cell('rli', 'route_latency_index_max'),
    auth_failures: () => cell('au', 'failures'),
    auth_invalid_users: () => cell('au', 'invalid_users'),
    auth_fail_ips: () => cell('au', 'fail_ips'),
    auth_top_ip_failures: () => cell('aut', 'top_failures'),
  };
  const get = v[id];
  if (!get) throw new Error(`unknown feature: ${id}`);
  return { v: get(), fill: id === 'route_latency_index_max' ? 'one' : 'zero' };
}

/**
 * The feature matrix over windows iLo … iHi (inclusive) of `w` ms: `starts` (epoch ms) and one
 * row per window in `features` order.
 */
export function assembleWindows(
  rows: FamilyRows,
  iLo: number,
  iHi: number,
  w: number,
  features: readonly string[],
  metricKey: (name: string) => string,
): { starts: Float64Array; X: Float64Array[] } {
  for (const f of features) featureDef(f);
  const n = iHi - iLo + 1;
  const bases = [...new Set(features.map((f) => (f.startsWith('d:') ? f.slice(2) : f)))];
  const cols = new Map<string, Float64Array>();
  for (const b of bases) {
    const col = new Float64Array(n);
    let last: number | null = null;
    for (let k = 0; k < n; k++) {
      const { v, fill } = rawValue(b, rows, iLo + k, metricKey);
      const x = v !== null && Number.isFinite(v) ? v : null;
      switch (fill) {
        case 'zero':
          col[k] = x ?? 0;
          break;
        case 'one':
          col[k] = x ?? 1;
          break;
        case 'carry':
          if (x !== null) last = x;
          col[k] = last ?? 0;
          break;
        default:
          assertNever(fill);
      }
    }
    cols.set(b, col);
  }
  const X = Array.from({ length: n }, (_, k) =>
    Float64Array.from(features, (f) => {
      if (!f.startsWith('d:')) return cols.get(f)![k];
      const c = cols.get(f.slice(2))!;
      return k === 0 ? 0 : c[k] - c[k - 1];
    }),
  );
  return { starts: Float64Array.from({ length: n }, (_, k) => (iLo + k) * w), X };
}
