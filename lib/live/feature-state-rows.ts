/**
 * The feature state (feature-state.ts) fitted in JavaScript from the parsed batches themselves,
 * without an engine: the same busiest routes, route baselines and host residual fits that
 * `fitFeatureState` reads from DuckDB with the batch's SQL, to the bit (feature-state-rows.test.ts).
 * The page uses it to compute the default experiment's feature frame from the simulated rows
 * while duckdb-wasm is still starting (batch-frame.ts).
 */
import { featureDef, parseMetricFeature } from '../features/catalogue';
import { RESIDUAL_DEFAULTS, ROUTE_INDEX_DEFAULTS, isHealthRouteName, isProbeAgentName } from '../features/fitted';
import { hostFitOf } from '../features/metric-fits';
import type { Batch } from '../ingest/types';
import type { Json } from '../util/json';
import { featureStateOf, type FeatureStateQuery, type HostFit } from './feature-state';
import { quantile, sortedOf } from './window-values';
import { meanOf } from './window-acc';

/** Routes route_p90_max / route_5xx_max look at: featureSql's default `busiestRoutes`. */
const BUSIEST_ROUTES = 10;

const utf8 = new TextEncoder();

/** DuckDB orders VARCHARs by their UTF-8 bytes; JS `<` compares UTF-16 units, which differ above U+FFFF. */
export function byteOrder(a: string, b: string): number {
  if (a === b) return 0;
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let k = 0; k < n; k++) if (x[k] !== y[k]) return x[k] - y[k];
  return x.length - y.length;
}

/** Fits what the features need from the rows before `fitUntilMs`, as fitFeatureState does in SQL. */
export function fitFeatureStateOfBatches(batches: readonly Batch[], q: FeatureStateQuery): Json {
  if (!Number.isInteger(q.windowSec) || q.windowSec < 10 || q.windowSec > 3600) throw new Error(`invalid window: ${q.windowSec} s`);
  if (!Number.isFinite(q.fitUntilMs)) throw new Error(`invalid fitUntilMs: ${q.fitUntilMs}`);
  if (q.features.length === 0) throw new Error('no features selected');
  for (const f of q.features) featureDef(f);
  const w = q.windowSec * 1000;
  const fit = q.fitUntilMs;
  const bases = new Set(q.features.map((f) => (f.startsWith('d:') ? f.slice(2) : f)));
  const metrics = [...bases].flatMap((b) => parseMetricFeature(b) ?? []);
  const residualNames = new Set(metrics.filter((m) => m.kind.startsWith('resid_')).map((m) => m.name));
  const wantBusy = bases.has('route_p90_max') || bases.has('route_5xx_max');
  const wantBase = bases.has('route_latency_index_max');

  const routeCount = new Map<string, number>();
  const routeLat = new Map<string, number[]>();
  /** requests per window, every row (the residuals' x) */
  const perWindow = new Map<number, number>();
  /** metric name → host → window → its finite values with their ms (summed in (ms, value) order) */
  const hostVals = new Map<string, Map<string, Map<number, { pts: number[]; max: number }>>>();
  for (const b of batches) {
    switch (b.table) {
      case 'requests':
        for (let k = 0; k < b.length; k++) {
          const ts = b.ts[k];
          if (residualNames.size > 0) {
            const i = Math.floor(ts / w);
            perWindow.set(i, (perWindow.get(i) ?? 0) + 1);
          }
          const route = b.route[k];
          if (route === null || !(Math.floor(ts) < fit)) continue;
          if (wantBusy) routeCount.set(route, (routeCount.get(route) ?? 0) + 1);
          const lat = b.latency_ms[k];
          if (wantBase && Number.isFinite(lat) && b.status[k] < 500 && !isProbeAgentName(b.user_agent[k])) {
            let l = routeLat.get(route);
            if (l === undefined) routeLat.set(route, (l = []));
            l.push(lat);
          }
        }
        break;
      case 'metrics':
        if (residualNames.size === 0) break;
        for (let k = 0; k < b.length; k++) {
          const v = b.value[k];
          const name = b.name[k];
          if (!Number.isFinite(v) || !residualNames.has(name)) continue;
          const ms = Math.floor(b.ts[k]);
          const i = Math.floor(ms / w);
          let hosts = hostVals.get(name);
          if (hosts === undefined) hostVals.set(name, (hosts = new Map()));
          let wins = hosts.get(b.source[k]);
          if (wins === undefined) hosts.set(b.source[k], (wins = new Map()));
          const acc = wins.get(i);
          if (acc === undefined) wins.set(i, { pts: [ms, v], max: v });
          else acc.pts.push(ms, v);
        }
        break;
      case 'auth_events':
        break;
    }
  }

  const busyRoutes = wantBusy
    ? [...routeCount].sort((a, b) => b[1] - a[1] || byteOrder(a[0], b[0])).slice(0, BUSIEST_ROUTES).map(([r]) => r)
    : [];
  const base: Record<string, number> = {};
  for (const route of [...routeLat.keys()].sort(byteOrder)) {
    if (isHealthRouteName(route)) continue;
    base[route] = Math.max(quantile(sortedOf(routeLat.get(route)!), ROUTE_INDEX_DEFAULTS.quantile), 1);
  }
  const residuals: Record<string, HostFit[]> = {};
  for (const name of [...residualNames].sort(byteOrder)) {
    const list: HostFit[] = (residuals[name] = []);
    const hosts = hostVals.get(name) ?? new Map<string, Map<number, { pts: number[]; max: number }>>();
    for (const host of [...hosts.keys()].sort(byteOrder)) {
      const series = [...hosts.get(host)!].sort((a, b) => a[0] - b[0]).map(([i, acc]) => ({ i, v: meanOf(acc) }));
      const f = hostFitOf(series, perWindow, w, fit, RESIDUAL_DEFAULTS);
      if (f !== null) list.push({ host, mu: f.mu, b: f.b, xbar: f.xbar, sLoad: f.sLoad, sTod: f.sTod, tod: f.tod });
    }
  }

  return featureStateOf(q, fit, busyRoutes, base, residuals);
}
