/**
 * The feature catalogue: every windowed feature a detector can use, with a description and unit.
 * Metric features are per metric name (`metric_mean:cpu_pct`), known once the data is loaded.
 */
import { ROUTE_INDEX_DEFAULTS } from './fitted';
import { RISE_DEFAULTS } from './rise';

export interface FeatureDef {
  id: string;
  table: 'requests' | 'auth_events' | 'metrics';
  description: string;
  unit: string;
}

const RISE_WORDS = RISE_DEFAULTS.horizonSec === 3600 ? 'hour' : `${RISE_DEFAULTS.horizonSec} s`;

const QUANTILE_WORD = ROUTE_INDEX_DEFAULTS.quantile === 0.5 ? 'median' : `p${Math.round(ROUTE_INDEX_DEFAULTS.quantile * 100)}`;

export const REQUEST_FEATURES = [
  { id: 'requests', table: 'requests', description: 'requests in the window (0 when there is no traffic)', unit: 'count' },
  { id: 'rate_4xx', table: 'requests', description: 'share of requests answered 4xx', unit: 'ratio 0–1' },
  { id: 'rate_5xx', table: 'requests', description: 'share of requests answered 5xx', unit: 'ratio 0–1' },
  { id: 'p50_ms', table: 'requests', description: 'median request time (0 without timed requests)', unit: 'ms' },
  { id: 'p90_ms', table: 'requests', description: '90th percentile request time', unit: 'ms' },
  { id: 'p99_ms', table: 'requests', description: '99th percentile request time', unit: 'ms' },
  { id: 'bytes', table: 'requests', description: 'response bytes sent', unit: 'bytes' },
  { id: 'unique_ips', table: 'requests', description: 'distinct client addresses', unit: 'count' },
  { id: 'top_ip_share', table: 'requests', description: 'share of requests from the busiest address', unit: 'ratio 0–1' },
  { id: 'new_ip_ratio', table: 'requests', description: 'share of addresses never seen in an earlier window', unit: 'ratio 0–1' },
  { id: 'route_p90_max', table: 'requests', description: 'highest p90 request time among the routes busiest on the training span', unit: 'ms' },
  { id: 'route_5xx_max', table: 'requests', description: 'highest 5xx share among the routes busiest on the training span', unit: 'ratio 0–1' },
  {
    id: 'route_latency_index_max',
    table: 'requests',
    description: `highest ratio, over routes with at least ${ROUTE_INDEX_DEFAULTS.minRequests} requests in the window, of the route's ${QUANTILE_WORD} request time to its ${QUANTILE_WORD} on the training span (health checks and 5xx left out; routes new since training skipped; 1 when no route qualifies)`,
    unit: `× route's training ${QUANTILE_WORD}`,
  },
] as const satisfies readonly FeatureDef[];

export const AUTH_FEATURES = [
  { id: 'auth_failures', table: 'auth_events', description: 'failed logins (failed password + invalid user)', unit: 'count' },
  { id: 'auth_invalid_users', table: 'auth_events', description: 'attempts on user names that do not exist', unit: 'count' },
  { id: 'auth_fail_ips', table: 'auth_events', description: 'distinct addresses with a failed login', unit: 'count' },
  { id: 'auth_top_ip_failures', table: 'auth_events', description: 'failed logins from the most active address', unit: 'count' },
] as const satisfies readonly FeatureDef[];

export type BaseFeatureId = (typeof REQUEST_FEATURES)[number]['id'] | (typeof AUTH_FEATURES)[number]['id'];

const BASE = new Map<string, FeatureDef>([...REQUEST_FEATURES, ...AUTH_FEATURES].map((f) => [f.id, f]));

export const METRIC_KINDS = ['mean', 'max', 'resid_load_max', 'resid_tod_max', 'rise_max'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

const METRIC_ID = new RegExp(`^metric_(${METRIC_KINDS.join('|')}):(.+)$`);

/** A metric feature id's kind and metric name (`metric_max:cpu_pct` → max, cpu_pct), else null. */
export function parseMetricFeature(id: string): { kind: MetricKind; name: string } | null {
  const m = METRIC_ID.exec(id);
  return m && m[2].length <= 128 ? { kind: m[1] as MetricKind, name: m[2] } : null;
}

/** Per-metric features for a metric name. */
function metricFeatures(name: string): FeatureDef[] {
  return [
    { id: `metric_mean:${name}`, table: 'metrics', description: `mean of ${name} over hosts and samples in the window`, unit: name },
    { id: `metric_max:${name}`, table: 'metrics', description: `maximum of ${name} in the window`, unit: name },
    {
      id: `metric_resid_load_max:${name}`,
      table: 'metrics',
      description: `highest over hosts of the window's mean ${name} above what the window's request count predicts for that host (a line fitted on the training span), in training residual sds (0 when no host runs above it)`,
      unit: 'sd of training residual',
    },
    {
      id: `metric_resid_tod_max:${name}`,
      table: 'metrics',
      description: `highest over hosts of the window's mean ${name} above that host's training-span mean for the hour of day (UTC), in training residual sds (0 when no host runs above it)`,
      unit: 'sd of training residual',
    },
    {
      id: `metric_rise_max:${name}`,
      table: 'metrics',
      description: `highest over hosts of the rise of the host's mean ${name} over the last ${RISE_WORDS}: the window's mean minus the host's mean in its oldest window within that span (0 when no host rose)`,
      unit: `${name} per ${RISE_WORDS}`,
    },
  ];
}

/**
 * A feature id's definition: a base feature, a metric feature, or `d:<id>`, the change from the
 * previous window. Throws `unknown feature: <id>` for anything else.
 */
export function featureDef(id: string): FeatureDef {
  if (id.startsWith('d:')) {
    const base = featureDef(id.slice(2));
    if (base.id.startsWith('d:')) throw new Error(`unknown feature: ${id}`);
    return { ...base, id, description: `change of ${base.id} from the previous window`, unit: `Δ ${base.unit}` };
  }
  const base = BASE.get(id);
  if (base) return base;
  const m = parseMetricFeature(id);
  if (m) return metricFeatures(m.name).find((f) => f.id === id)!;
  throw new Error(`unknown feature: ${id}`);
}

/** The whole catalogue for the loaded data: base features plus those of each metric name. */
export function catalogue(metricNames: readonly string[]): FeatureDef[] {
  return [...REQUEST_FEATURES, ...AUTH_FEATURES, ...metricNames.flatMap(metricFeatures)];
}

/**
 * Features used when the experiment picks none: the request and auth families, plus per-metric
 * features (see defaultFeatures). Left out, though in the catalogue: shares and tail quantiles whose
 * denominator is the window's few requests at night (rate_4xx, top_ip_share, p99_ms, and
 * route_p90_max, which the route latency index replaces): on the simulated presets they swung on
 * the quieter weekend nights the training span never saw and raised most false alarms of the
 * test span while catching no incident the rest missed (BENCHMARKS.md, "what each change did").
 */
const DEFAULT_BASE_FEATURES = [
  'requests', 'rate_5xx', 'p50_ms', 'p90_ms', 'unique_ips', 'route_5xx_max', 'route_latency_index_max',
  'auth_failures', 'auth_top_ip_failures',
] as const satisfies readonly BaseFeatureId[];

/**
 * Metrics that get a load residual by default: CPU and memory gauges, which follow the traffic.
 * A level that accumulates (disk usage) follows neither load nor the hour of day, so its residual
 * only measures drift out of the training range (on the simulator it doubled EWMA's false alarms).
 */
export const LOAD_FOLLOWING_METRIC = /cpu|mem|ram|load/i;

/**
 * Levels that accumulate (disk and filesystem usage): their level and max drift out of the
 * training range as the disk grows day by day, which alarms on drift, so by default such a metric
 * is watched through its rise over the last hour per host (metric_rise_max) instead.
 */
const ACCUMULATING_METRIC = /disk|filesystem|inode/i;

export function defaultFeatures(metricNames: readonly string[]): string[] {
  return [
    ...DEFAULT_BASE_FEATURES,
    ...metricNames.flatMap((n) =>
      ACCUMULATING_METRIC.test(n)
        ? [`metric_rise_max:${n}`]
        : [`metric_mean:${n}`, `metric_max:${n}`, ...(LOAD_FOLLOWING_METRIC.test(n) ? [`metric_resid_load_max:${n}`] : [])],
    ),
  ];
}
