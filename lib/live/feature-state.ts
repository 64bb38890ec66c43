/**
 * What the window features compare each window against, fitted once on the training span with the
 * batch's own SQL (lib/features/sql.ts, fitted.ts): the busiest routes, each route's training
 * request-time quantile, each host's metric residual fit. The incremental featurer
 * (featurer.ts) reads these instead of the training rows, so a live window gets the value the batch
 * query gives it. Travels in the model bundle as `featureState`.
 */
import { z } from 'zod';
import type { Db } from '../db/db';
import { featureDef, parseMetricFeature } from '../features/catalogue';
import { RESIDUAL_DEFAULTS, ROUTE_INDEX_DEFAULTS, residualCtes, routeBaseSql } from '../features/fitted';
import { dialect } from '../features/dialect';
import { DUCKDB_TABLES } from '../features/families';
import { riseWindows } from '../features/rise';
import type { Json } from '../util/json';

/** Routes route_p90_max / route_5xx_max look at: featureSql's default `busiestRoutes`. */
const BUSIEST_ROUTES = 10;

const hostFit = z.object({
  host: z.string(),
  /** training mean of the host's window means */
  mu: z.number(),
  /** least-squares slope of the window mean on the window's request count */
  b: z.number(),
  /** training mean of the request count */
  xbar: z.number(),
  sLoad: z.number().positive(),
  sTod: z.number().positive(),
  /** training mean per UTC hour of day; null for an hour training never saw */
  tod: z.array(z.number().nullable()).length(24),
});

const featureStateSchema = z.object({
  version: z.literal(1),
  windowSec: z.number().int().min(10).max(3600),
  fitUntilMs: z.number().finite(),
  features: z.array(z.string()).min(1),
  /** the busiest routes on the training span, busiest first (route_p90_max, route_5xx_max) */
  busyRoutes: z.array(z.string()),
  routeIndex: z.object({
    minRequests: z.number().int().min(1),
    quantile: z.number().gt(0).lt(1),
    /** route → its training quantile of request time, floored at 1 ms (health-check routes left out) */
    base: z.record(z.string(), z.number().positive()),
  }),
  /** metric name → the fitted hosts (metric_resid_load_max, metric_resid_tod_max) */
  residuals: z.record(z.string(), z.array(hostFit)),
  residualClip: z.boolean(),
  /** windows in metric_rise_max's horizon */
  riseWindows: z.number().int().min(1),
});

export type FeatureState = z.infer<typeof featureStateSchema>;
export type HostFit = z.infer<typeof hostFit>;

/** Validates a feature state read from a bundle or a file; names the first bad field. */
export function parseFeatureState(v: unknown): FeatureState {
  const r = featureStateSchema.safeParse(v);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`invalid feature state: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data;
}

export interface FeatureStateQuery {
  /** window length, seconds (10 … 3600) */
  windowSec: number;
  /** feature ids, as the bundle lists them */
  features: readonly string[];
  /** end of the training span, epoch ms, exclusive (as loadFeatures takes it) */
  fitUntilMs: number;
}

/** Fits everything the features need from the rows before `fitUntilMs`, with the batch's SQL. */
export async function fitFeatureState(db: Db, q: FeatureStateQuery): Promise<Json> {
  if (!Number.isInteger(q.windowSec) || q.windowSec < 10 || q.windowSec > 3600) throw new Error(`invalid window: ${q.windowSec} s`);
  if (!Number.isFinite(q.fitUntilMs)) throw new Error(`invalid fitUntilMs: ${q.fitUntilMs}`);
  if (q.features.length === 0) throw new Error('no features selected');
  for (const f of q.features) featureDef(f);
  const w = q.windowSec * 1000;
  const fit = q.fitUntilMs;
  const bases = new Set(q.features.map((f) => (f.startsWith('d:') ? f.slice(2) : f)));
  const metrics = [...bases].flatMap((b) => parseMetricFeature(b) ?? []);
  const residualNames = [...new Set(metrics.filter((m) => m.kind.startsWith('resid_')).map((m) => m.name))];

  let busyRoutes: string[] = [];
  if (bases.has('route_p90_max') || bases.has('route_5xx_max')) {
    // the same ordering as featureSql's `busy` CTE, so ties break the same way
    const rows = await db.query(
      `SELECT route FROM requests WHERE route IS NOT NULL AND epoch_ms(ts) < ${fit} GROUP BY route ORDER BY count(*) DESC, route LIMIT ${BUSIEST_ROUTES}`,
    );
    busyRoutes = rows.map((r) => String(r.route));
  }

  const base: Record<string, number> = {};
  if (bases.has('route_latency_index_max')) {
    const rows = await db.query(`SELECT route, base FROM (${routeBaseSql(dialect('duckdb'), DUCKDB_TABLES, ROUTE_INDEX_DEFAULTS, fit)}) ORDER BY route`);
    for (const r of rows) base[String(r.route)] = Number(r.base);
  }

  const residuals: Record<string, HostFit[]> = {};
  if (residualNames.length > 0) {
    const key = (name: string) => `m${residualNames.indexOf(name)}`;
    const ctes = [
      `rq AS (SELECT CAST(floor(epoch_ms(ts) / ${w}) AS BIGINT) AS i, CAST(count(*) AS DOUBLE) AS requests FROM requests GROUP BY 1)`,
      ...residualCtes(residualNames, key, w, fit, RESIDUAL_DEFAULTS),
    ];
    const fits = await db.query(
      `WITH ${ctes.join(',\n')} SELECT f.host, f.name, f.mu, f.b, f.xbar, s.s_load, s.s_tod FROM mfit f JOIN msd s USING (host, name) ORDER BY f.name, f.host`,
    );
    const tods = await db.query(`WITH ${ctes.join(',\n')} SELECT host, name, hod, mu_h FROM mtod`);
    const todOf = new Map<string, (number | null)[]>();
    for (const r of fits) {
      const list = (residuals[String(r.name)] ??= []);
      const tod: (number | null)[] = Array.from({ length: 24 }, () => null);
      todOf.set(`${String(r.name)}\u0000${String(r.host)}`, tod);
      list.push({ host: String(r.host), mu: Number(r.mu), b: Number(r.b), xbar: Number(r.xbar), sLoad: Number(r.s_load), sTod: Number(r.s_tod), tod });
    }
    for (const r of tods) {
      const tod = todOf.get(`${String(r.name)}\u0000${String(r.host)}`);
      if (tod && r.mu_h !== null) tod[Number(r.hod)] = Number(r.mu_h);
    }
    for (const n of residualNames) residuals[n] ??= [];
  }

  return featureStateOf(q, fit, busyRoutes, base, residuals);
}

/** The fitted parts as a checked feature state, with the defaults both fits share (the SQL one above, lib/live/feature-state-rows.ts from rows). */
export function featureStateOf(q: FeatureStateQuery, fitUntilMs: number, busyRoutes: FeatureState['busyRoutes'], base: FeatureState['routeIndex']['base'], residuals: FeatureState['residuals']): Json {
  const state: FeatureState = {
    version: 1,
    windowSec: q.windowSec,
    fitUntilMs,
    features: [...q.features],
    busyRoutes,
    routeIndex: { minRequests: ROUTE_INDEX_DEFAULTS.minRequests, quantile: ROUTE_INDEX_DEFAULTS.quantile, base },
    residuals,
    residualClip: RESIDUAL_DEFAULTS.clip,
    riseWindows: riseWindows(q.windowSec),
  };
  return parseFeatureState(state) as unknown as Json;
}
