/**
 * The incremental featurer: parsed batches in, closed windows' raw feature rows out, equal to the
 * batch query (lib/features/sql.ts) on the same rows (featurer.test.ts). Aggregation runs in JS
 * per record: the open windows hold counts, sums and request times; a window's values are computed
 * once, when it closes. Measured against DuckDB in BENCHMARKS.md ("Live mode").
 *
 * State kept between windows, and why it is bounded (or not):
 * - the open windows: at most grace / window + 1 of them (older ones close);
 * - each carried value (metric features keep their last value over empty windows) and the
 *   previous row (the `d:` change features): one number per feature;
 * - metric_rise_max: per metric and host, the means of the last `riseWindows` windows;
 * - new_ip_ratio: the set of every client address seen so far. This one grows with the number of
 *   distinct addresses, because the batch definition ("never seen in an earlier window") reads the
 *   whole history; it is kept only when new_ip_ratio (or its change) is selected.
 */
import { assertNever } from '../util/assert-never';
import type { Json } from '../util/json';
import type { Batch } from '../ingest/types';
import { featureDef, parseMetricFeature } from '../features/catalogue';
import type { WindowFeaturer, WindowRow } from './contract';
import { parseFeatureState, type FeatureState, type HostFit } from './feature-state';
import { accFromJson, accToJson, addAuth, addMetric, addRequest, emptyAcc, meanOf, type Needs, type WindowAcc } from './window-acc';
import { quantile, residualMax, sortedOf } from './window-values';

const SNAPSHOT_VERSION = 2;

export interface FeaturerOptions {
  windowSec: number;
  features: readonly string[];
  /** fitFeatureState's result, as the bundle holds it */
  featureState: Json;
  /** a window closes once the clock passes its end by this much, ms */
  graceMs: number;
  /** a featurer's snapshot() to resume from */
  snapshot?: Json;
}

type Fill = 'zero' | 'one' | 'carry';

export function createFeaturer(o: FeaturerOptions): WindowFeaturer {
  const st: FeatureState = parseFeatureState(o.featureState);
  if (st.windowSec !== o.windowSec) throw new Error(`feature state is for ${st.windowSec} s windows, not ${o.windowSec} s`);
  if (!(o.graceMs >= 0 && Number.isFinite(o.graceMs))) throw new Error(`invalid grace: ${o.graceMs} ms`);
  for (const f of o.features) featureDef(f);
  const w = o.windowSec * 1000;
  const features = [...o.features];
  const bases = [...new Set(features.map((f) => (f.startsWith('d:') ? f.slice(2) : f)))];
  const baseIndex = new Map(bases.map((b, k) => [b, k]));
  const has = (id: string) => baseIndex.has(id);
  const metricOf = bases.map((b) => parseMetricFeature(b));
  const needs: Needs = {
    latencies: has('p50_ms') || has('p90_ms') || has('p99_ms'),
    ips: has('unique_ips') || has('top_ip_share') || has('new_ip_ratio'),
    busy: new Set(has('route_p90_max') || has('route_5xx_max') ? st.busyRoutes : []),
    routeBase: new Map(has('route_latency_index_max') ? Object.entries(st.routeIndex.base) : []),
    auth: bases.some((b) => b.startsWith('auth_')),
    levelNames: new Set(metricOf.flatMap((m) => (m && (m.kind === 'mean' || m.kind === 'max') ? [m.name] : []))),
    hostNames: new Set(metricOf.flatMap((m) => (m && m.kind !== 'mean' && m.kind !== 'max' ? [m.name] : []))),
  };
  const fills: Fill[] = bases.map((b) => (metricOf[baseIndex.get(b)!] ? 'carry' : b === 'route_latency_index_max' ? 'one' : 'zero'));
  const fitsByName = new Map<string, HostFit[]>(Object.entries(st.residuals));
  const trackSeen = has('new_ip_ratio');

  // state (see the file comment)
  const open = new Map<number, WindowAcc>();
  let next: number | null = null; // the next window to close; null until the first close
  let carry = new Float64Array(bases.length);
  let prev: Float64Array | null = null;
  let seen = new Set<string>();
  /** metric name → host → [window, mean] of the last riseWindows windows, oldest first */
  let rise = new Map<string, Map<string, [number, number][]>>();
  const late: Record<string, number> = { requests: 0, auth_events: 0, metrics: 0 };

  if (o.snapshot !== undefined) {
    const s = o.snapshot as Record<string, Json>;
    // version 2: metric windows keep their timed values (means summed in time order), not running sums
    if (s.version !== SNAPSHOT_VERSION) throw new Error(`featurer snapshot: version ${JSON.stringify(s.version)}, this build reads version ${SNAPSHOT_VERSION}: start without the old state`);
    if (JSON.stringify(s.features) !== JSON.stringify(features)) throw new Error('featurer snapshot: made for other features');
    next = s.next as number | null;
    for (const [i, a] of s.open as [number, Json][]) open.set(i, accFromJson(a));
    carry = Float64Array.from(s.carry as number[]);
    prev = s.prev === null ? null : Float64Array.from(s.prev as number[]);
    seen = new Set(s.seen as string[]);
    rise = new Map((s.rise as [string, [string, [number, number][]][]][]).map(([n, hs]) => [n, new Map(hs)]));
    Object.assign(late, s.late as Record<string, number>);
  }

  let cachedI = NaN;
  let cached: WindowAcc | null = null;
  function accFor(ts: number, table: string): WindowAcc | null {
    const i = Math.floor(ts / w);
    if (i === cachedI) return cached;
    // a record with no usable time cannot be placed in any window: it is counted with the late ones
    if (!Number.isFinite(i) || (next !== null && i < next)) {
      late[table]++;
      return null;
    }
    let a = open.get(i);
    if (a === undefined) open.set(i, (a = emptyAcc()));
    cachedI = i;
    cached = a;
    return a;
  }

  function push(b: Batch): void {
    const ts = b.ts;
    switch (b.table) {
      case 'requests':
        for (let k = 0; k < b.length; k++) {
          const a = accFor(ts[k], b.table);
          if (a) addRequest(a, b, k, needs);
        }
        return;
      case 'auth_events':
        for (let k = 0; k < b.length; k++) {
          const a = accFor(ts[k], b.table);
          if (a && needs.auth) addAuth(a, b, k);
        }
        return;
      case 'metrics':
        for (let k = 0; k < b.length; k++) {
          const a = accFor(ts[k], b.table);
          if (a) addMetric(a, b, k, needs);
        }
        return;
      default:
        return assertNever(b);
    }
  }

  /** The batch query's value before filling: NaN where SQL has NULL. */
  function baseValue(id: string, i: number, a: WindowAcc, sortedLat: () => Float64Array): number {
    const m = parseMetricFeature(id);
    if (m) {
      switch (m.kind) {
        case 'mean': {
          const s = a.level.get(m.name);
          return s ? meanOf(s) : NaN;
        }
        case 'max':
          return a.level.get(m.name)?.max ?? NaN;
        case 'resid_load_max':
        case 'resid_tod_max':
          return residual(m.kind, m.name, i, a);
        case 'rise_max':
          return riseOf(m.name, i, a);
        default:
          return assertNever(m.kind);
      }
    }
    const div = (x: number, y: number) => (y === 0 ? NaN : x / y);
    switch (id) {
      case 'requests': return a.n;
      case 'rate_4xx': return div(a.n4xx, a.n);
      case 'rate_5xx': return div(a.n5xx, a.n);
      case 'p50_ms': return quantile(sortedLat(), 0.5);
      case 'p90_ms': return quantile(sortedLat(), 0.9);
      case 'p99_ms': return quantile(sortedLat(), 0.99);
      case 'bytes': return a.bytes;
      case 'unique_ips': return a.ips.size;
      case 'top_ip_share': {
        let top = 0;
        for (const c of a.ips.values()) if (c > top) top = c;
        return div(top, a.n);
      }
      case 'new_ip_ratio': {
        let fresh = 0;
        for (const ip of a.ips.keys()) if (!seen.has(ip)) fresh++;
        return div(fresh, a.ips.size);
      }
      case 'route_p90_max':
      case 'route_5xx_max': {
        let best = NaN;
        for (const r of a.busy.values()) {
          const v = id === 'route_p90_max' ? quantile(sortedOf(r.lat), 0.9) : r.n5xx / r.n;
          if (!Number.isNaN(v) && !(v <= best)) best = v;
        }
        return best;
      }
      case 'route_latency_index_max': {
        let best = NaN;
        for (const [route, lat] of a.rl) {
          if (lat.length < st.routeIndex.minRequests) continue;
          const v = quantile(sortedOf(lat), st.routeIndex.quantile) / needs.routeBase.get(route)!;
          if (!(v <= best)) best = v;
        }
        return best;
      }
      case 'auth_failures': return a.failures;
      case 'auth_invalid_users': return a.invalid;
      case 'auth_fail_ips': return a.failIps.size;
      case 'auth_top_ip_failures': {
        let top = NaN;
        for (const c of a.failIps.values()) if (!(c <= top)) top = c;
        return top;
      }
      default:
        throw new Error(`unknown feature: ${id}`);
    }
  }

  function residual(kind: 'resid_load_max' | 'resid_tod_max', name: string, i: number, a: WindowAcc): number {
    const hosts = a.host.get(name);
    return hosts ? residualMax(kind, fitsByName.get(name) ?? [], new Map([...hosts].map(([h, s]) => [h, meanOf(s)])), a.n, i * w, st.residualClip) : NaN;
  }

  /** Records this window's per-host means once per metric, then the highest rise over hosts. */
  const riseDone = new Map<string, number>();
  function riseOf(name: string, i: number, a: WindowAcc): number {
    const hosts = a.host.get(name);
    let byHost = rise.get(name);
    if (byHost === undefined) rise.set(name, (byHost = new Map()));
    if (riseDone.get(name) !== i && hosts) {
      riseDone.set(name, i);
      for (const [h, s] of hosts) {
        let hist = byHost.get(h);
        if (hist === undefined) byHost.set(h, (hist = []));
        hist.push([i, meanOf(s)]);
      }
    }
    if (!hosts) return NaN;
    let best = NaN;
    for (const h of hosts.keys()) {
      const hist = byHost.get(h)!;
      while (hist.length > 0 && hist[0][0] < i - st.riseWindows) hist.shift();
      const v = Math.max(hist[hist.length - 1][1] - hist[0][1], 0);
      if (!(v <= best)) best = v;
    }
    return best;
  }

  function closeOne(i: number): WindowRow {
    const a = open.get(i) ?? emptyAcc();
    open.delete(i);
    if (cachedI === i) {
      cachedI = NaN;
      cached = null;
    }
    let lat: Float64Array | null = null;
    const sortedLat = () => (lat ??= sortedOf(a.lat));
    const row = new Float64Array(bases.length);
    for (let k = 0; k < bases.length; k++) {
      const v = baseValue(bases[k], i, a, sortedLat);
      const fill = fills[k];
      if (Number.isFinite(v)) {
        row[k] = v;
        if (fill === 'carry') carry[k] = v;
      } else {
        row[k] = fill === 'zero' ? 0 : fill === 'one' ? 1 : carry[k];
      }
    }
    if (trackSeen) for (const ip of a.ips.keys()) seen.add(ip);
    // rise histories of hosts absent from this window still age out
    for (const byHost of rise.values()) {
      for (const [h, hist] of byHost) {
        while (hist.length > 0 && hist[0][0] < i - st.riseWindows) hist.shift();
        if (hist.length === 0) byHost.delete(h);
      }
    }
    const values = new Float64Array(features.length);
    features.forEach((f, k) => {
      if (f.startsWith('d:')) {
        const b = baseIndex.get(f.slice(2))!;
        values[k] = prev === null ? 0 : row[b] - prev[b];
      } else values[k] = row[baseIndex.get(f)!];
    });
    prev = row;
    return { start: i * w, values };
  }

  function closeUntil(clockMs: number): WindowRow[] {
    if (Number.isNaN(clockMs) || clockMs === Infinity) throw new Error(`invalid clock: ${clockMs}`);
    if (next === null) {
      if (open.size === 0) return [];
      next = Math.min(...open.keys());
    }
    const out: WindowRow[] = [];
    while ((next + 1) * w + o.graceMs <= clockMs) {
      out.push(closeOne(next));
      next++;
    }
    return out;
  }

  function snapshot(): Json {
    return {
      version: SNAPSHOT_VERSION,
      features,
      next,
      open: [...open].map(([i, a]) => [i, accToJson(a)]),
      carry: [...carry],
      prev: prev === null ? null : [...prev],
      seen: [...seen],
      rise: [...rise].map(([n, hs]) => [n, [...hs].map(([h, hist]) => [h, hist])]),
      late: { ...late },
    };
  }

  return { push, closeUntil, late: () => ({ ...late }), snapshot };
}
