/**
 * The metric families that compare a window with other windows (`mres`: residuals against a fit on
 * the training windows; `mrise`: the rise over the horizon), computed from per-window host means.
 * DuckDB computes them in SQL (fitted.ts residualCtes, rise.ts riseCtes); an engine without window
 * functions (ClickHouse 18.16) returns the host means — one small row per window, host and metric,
 * aggregated where the log rows are — and this module does the rest with the same rules.
 * Sums run in window order and the slope is accumulated as the SQL's regr_slope does, so with host
 * means summed in the same order the results equal DuckDB's to the bit (test/clickhouse-cluster.test.ts).
 */
import { RESIDUAL_DEFAULTS, RESID_SD_FLOOR, type ResidualOptions } from './fitted';

/** One host's mean of one metric in one window: `sum` of its `n` finite values. */
export interface HostMean {
  i: number;
  host: string;
  name: string;
  sum: number;
  n: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** UTC hour of day of window i's start. */
const hourOf = (i: number, w: number) => Math.floor(((((i * w) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);

/** Groups host means by metric name and host, each list in window order. */
function byNameHost(means: readonly HostMean[], names: ReadonlySet<string>): Map<string, Map<string, { i: number; v: number }[]>> {
  const out = new Map<string, Map<string, { i: number; v: number }[]>>();
  for (const m of means) {
    if (!names.has(m.name) || m.n <= 0) continue;
    let hosts = out.get(m.name);
    if (!hosts) out.set(m.name, (hosts = new Map()));
    let list = hosts.get(m.host);
    if (!list) hosts.set(m.host, (list = []));
    list.push({ i: m.i, v: m.sum / m.n });
  }
  for (const hosts of out.values()) for (const list of hosts.values()) list.sort((a, b) => a.i - b.i);
  return out;
}

const mean = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;

/**
 * Least-squares slope of v on x, 0 when x never varied: the co-moment and x's sum of squares
 * accumulated in one pass in window order (Welford's online updates), as SQL engines' regr_slope
 * does; a two-pass sum gives the same slope to rounding but not to the bit.
 */
function slopeOf(pts: readonly { x: number; v: number }[]): number {
  let n = 0;
  let mx = 0;
  let mv = 0;
  let cxv = 0;
  let n2 = 0;
  let mx2 = 0;
  let sxx = 0;
  for (const p of pts) {
    n++;
    const dx0 = p.x - mx;
    mx += dx0 / n;
    mv += (p.v - mv) / n;
    cxv += dx0 * (p.v - mv);
    n2++;
    const dx = p.x - mx2;
    mx2 += dx / n2;
    sxx += dx * (p.x - mx2);
  }
  const varPop = n2 > 1 ? sxx / n2 : 0;
  if (varPop === 0) return 0;
  const slope = cxv / n / varPop;
  return Number.isFinite(slope) ? slope : 0;
}

/** 1.4826 × the median absolute deviation from the median (DuckDB's `mad`, scaled). */
function madScale(xs: readonly number[]): number {
  const med = (s: number[]) => {
    s.sort((a, b) => a - b);
    const h = (s.length - 1) / 2;
    return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2;
  };
  if (xs.length === 0) return 0;
  const m = med([...xs]);
  return 1.4826 * med(xs.map((x) => Math.abs(x - m)));
}

/** Population spread of the training residuals, as the SQL computes it (never negative). */
function spread(rs: readonly number[], scale: ResidualOptions['scale']): number {
  if (scale === 'mad') return madScale(rs);
  const m = mean(rs);
  const m2 = mean(rs.map((r) => r * r));
  const s = Math.sqrt(Math.max(m2 - m * m, 0));
  return Number.isNaN(s) ? 0 : s;
}

/** One host's baselines for one metric, fitted on its training windows (fitted.ts `mfit`, `mtod`, `msd`). */
export interface HostFitted {
  /** training mean of the host's window means */
  mu: number;
  /** least-squares slope of the window mean on the window's request count */
  b: number;
  /** training mean of the request count */
  xbar: number;
  /** training mean per UTC hour of day; null for an hour training never saw */
  tod: (number | null)[];
  sLoad: number;
  sTod: number;
}

/**
 * The fit of one host's series (window means in window order) on the windows ending by
 * fitUntilMs, `requests` giving each window's request count (0 when absent); null when the host
 * has no training window (the SQL's join then drops it).
 */
export function hostFitOf(
  series: readonly { i: number; v: number }[],
  requests: ReadonlyMap<number, number>,
  w: number,
  fitUntilMs: number,
  o: ResidualOptions = RESIDUAL_DEFAULTS,
): HostFitted | null {
  const train = series.filter((p) => (p.i + 1) * w <= fitUntilMs).map((p) => ({ v: p.v, x: requests.get(p.i) ?? 0, hod: hourOf(p.i, w) }));
  if (train.length === 0) return null;
  const mu = mean(train.map((p) => p.v));
  const xbar = mean(train.map((p) => p.x));
  const b = slopeOf(train);
  const byHour = new Map<number, number[]>();
  for (const p of train) (byHour.get(p.hod) ?? byHour.set(p.hod, []).get(p.hod)!).push(p.v);
  const tod = Array.from({ length: 24 }, (_, h) => (byHour.has(h) ? mean(byHour.get(h)!) : null));
  const floor = Math.max(RESID_SD_FLOOR.relative * Math.abs(mu), RESID_SD_FLOOR.absolute);
  const fit = { mu, b, xbar, tod, sLoad: 0, sTod: 0 };
  fit.sLoad = Math.max(spread(train.map((p) => p.v - (mu + b * (p.x - xbar))), o.scale), floor);
  fit.sTod = Math.max(spread(train.map((p) => p.v - (tod[p.hod] ?? mu)), o.scale), floor);
  return fit;
}

/** A window's residual against a host's fit, in training spreads (clipped at 0 when `clip`). */
function residualZ(f: HostFitted, kind: 'load' | 'tod', v: number, x: number, hod: number, clip: boolean): number {
  const r = kind === 'load' ? v - (f.mu + f.b * (x - f.xbar)) : v - (f.tod[hod] ?? f.mu);
  const z = r / (kind === 'load' ? f.sLoad : f.sTod);
  return clip ? Math.max(z, 0) : z;
}

/**
 * `mres` rows keyed by window: `load_<key>` and `tod_<key>` per metric in `names`, the highest
 * residual over the hosts fitted on the training windows (those ending by fitUntilMs), in training
 * spreads; `requests` is the window's request count (a window without one counts 0).
 */
export function residualRows(
  means: readonly HostMean[],
  requests: ReadonlyMap<number, number>,
  names: readonly string[],
  key: (name: string) => string,
  w: number,
  fitUntilMs: number,
  o: ResidualOptions = RESIDUAL_DEFAULTS,
): Map<number, Record<string, number | null>> {
  const out = new Map<number, Record<string, number | null>>();
  const put = (i: number, col: string, z: number) => {
    let row = out.get(i);
    if (!row) out.set(i, (row = {}));
    const prev = row[col];
    if (prev === undefined || prev === null || z > prev) row[col] = z;
  };
  for (const [name, hosts] of byNameHost(means, new Set(names))) {
    for (const series of hosts.values()) {
      const fit = hostFitOf(series, requests, w, fitUntilMs, o);
      if (fit === null) continue;
      for (const p of series) {
        put(p.i, `load_${key(name)}`, residualZ(fit, 'load', p.v, requests.get(p.i) ?? 0, hourOf(p.i, w), o.clip));
        put(p.i, `tod_${key(name)}`, residualZ(fit, 'tod', p.v, requests.get(p.i) ?? 0, hourOf(p.i, w), o.clip));
      }
    }
  }
  return out;
}

/**
 * `mrise` rows keyed by window: `rise_<key>` per metric in `names`, the highest over hosts of
 * max(0, the window's mean − the host's mean in its oldest window among the last `horizon` windows).
 */
export function riseRows(means: readonly HostMean[], names: readonly string[], key: (name: string) => string, horizon: number): Map<number, Record<string, number | null>> {
  if (!Number.isInteger(horizon) || horizon < 1) throw new Error(`invalid rise horizon: ${horizon} windows`);
  const out = new Map<number, Record<string, number | null>>();
  for (const [name, hosts] of byNameHost(means, new Set(names))) {
    const col = `rise_${key(name)}`;
    for (const series of hosts.values()) {
      let oldest = 0;
      for (const p of series) {
        while (series[oldest].i < p.i - horizon) oldest++;
        const rise = Math.max(p.v - series[oldest].v, 0);
        let row = out.get(p.i);
        if (!row) out.set(p.i, (row = {}));
        const prev = row[col];
        if (prev === undefined || prev === null || rise > prev) row[col] = rise;
      }
    }
  }
  return out;
}
