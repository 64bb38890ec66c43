/**
 * Incident planning: placed incidents as given, then the rates' incidents at random times
 * (stream `incidents`), whole minutes from the start, never overlapping one another (precursors
 * and the scenario's gap included). Targets left open are drawn from the seed.
 */
import type { Rng } from '../lib/util/rng';
import { assertNever } from '../lib/util/assert-never';
import { publicIpv4 } from './agents';
import { isoSeconds, spanOf } from './clock';
import { FAILURES } from './failures';
import type { FailureDef, PlannedIncident } from './failures/types';
import { Alias, below, stream } from './rng';
import type { FailureKind, Scenario } from './scenario';

/** Attacking addresses per kind when the seed picks them. */
const ATTACKERS: Partial<Record<FailureKind, { min: number; max: number }>> = {
  'traffic-spike': { min: 3, max: 6 },
  'ssh-brute-force': { min: 1, max: 3 },
};

/** Random tries for one incident before scanning every slot. */
const PLACE_TRIES = 200;

/** Whether `route` belongs to the family `prefix` (`/api/orders` covers `/api/orders/:id`; `/` covers all). */
export function routeMatches(route: string, prefix: string): boolean {
  if (prefix === '/' || route === prefix) return true;
  return route.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

/** A route's family: its leading literal segments, at most two (`/api/orders/:id/items` → `/api/orders`). */
export function routeFamily(route: string): string {
  const segs = route.split('/').filter((x) => x !== '');
  const lit: string[] = [];
  for (const seg of segs) {
    if (seg === ':id' || lit.length === 2) break;
    lit.push(seg);
  }
  return `/${lit.join('/')}`;
}

export interface Draft {
  kind: FailureKind;
  precursorStart: number;
  failureStart: number;
  end: number;
  target: string | undefined;
  severity: number;
}

function overlaps(a: { precursorStart: number; end: number }, b: { precursorStart: number; end: number }, gapSec: number): boolean {
  return a.precursorStart < b.end + gapSec && b.precursorStart < a.end + gapSec;
}

function defaultRoute(def: FailureDef, s: Scenario, r: Rng): string | null {
  if (def.kind === 'error-burst') return null;
  if (def.kind === 'traffic-spike') {
    // flood the busiest GET route without ids (a search or the home page)
    const plain = s.endpoints.filter((e) => e.method === 'GET' && !e.route.includes(':id') && e.weight > 0);
    const pool = plain.length > 0 ? plain : s.endpoints;
    return pool.reduce((a, b) => (b.weight > a.weight ? b : a)).route;
  }
  const fams = s.endpoints.filter((e) => e.weight > 0 && routeFamily(e.route) !== '/');
  if (fams.length === 0) return null;
  return routeFamily(fams[new Alias(fams.map((e) => e.weight)).pick(r())].route);
}

function resolve(d: Draft, s: Scenario, r: Rng): Omit<PlannedIncident, 'id'> {
  const def = FAILURES[d.kind];
  const streamKey = `incident:${d.kind}:${d.failureStart}`;
  const base = { kind: d.kind, precursorStart: d.precursorStart, failureStart: d.failureStart, end: d.end, severity: d.severity, streamKey };
  switch (def.target) {
    case 'route':
      return { ...base, route: d.target ?? defaultRoute(def, s, r), host: null, ips: [] };
    case 'host': {
      const host = d.target ?? s.hosts[below(r, s.hosts.length)];
      return { ...base, route: null, host, ips: [] };
    }
    case 'ip': {
      const range = ATTACKERS[d.kind] ?? { min: 1, max: 1 };
      const n = range.min + below(r, range.max - range.min + 1);
      const ips: string[] = d.target === undefined ? [] : [d.target];
      while (ips.length < n) {
        const ip = publicIpv4(r(), r(), r());
        if (!ips.includes(ip)) ips.push(ip);
      }
      const route = d.kind === 'traffic-spike' ? defaultRoute(def, s, r) : null;
      return { ...base, route, host: d.kind === 'ssh-brute-force' ? s.auth.host : null, ips };
    }
    default:
      return assertNever(def.target);
  }
}

/**
 * Placed incidents as drafts, in the order given. Throws, naming the incident, when one leaves the
 * run or two overlap. O(n log n): sorted by start, only neighbours can overlap.
 */
export function placedDrafts(s: Scenario): Draft[] {
  const { startSec, endSec } = spanOf(s);
  const where = (i: number) => {
    const p = s.incidents.placed[i];
    return `incidents.placed[${i}] (${p.kind} at ${isoSeconds(Math.floor(p.start / 1000))})`;
  };
  const drafts = s.incidents.placed.map((p, i): Draft => {
    const def = FAILURES[p.kind];
    const failureStart = Math.floor(p.start / 1000);
    const d: Draft = {
      kind: p.kind,
      precursorStart: failureStart - Math.round((p.precursorMin ?? def.precursorMin) * 60),
      failureStart,
      end: failureStart + Math.round(p.durationMin * 60),
      target: p.target,
      severity: p.severity ?? def.severity,
    };
    if (d.precursorStart < startSec || d.end > endSec) {
      throw new Error(`${where(i)}: precursor to end must lie within the run ${isoSeconds(startSec)} – ${isoSeconds(endSec)}`);
    }
    return d;
  });
  const order = drafts.map((_, i) => i).sort((a, b) => drafts[a].precursorStart - drafts[b].precursorStart || a - b);
  // any overlapping pair implies an overlapping pair of neighbours in start order; name the one
  // whose later index is smallest (the first clash a reader meets going down the list)
  let clash: [number, number] | null = null;
  for (let k = 1; k < order.length; k++) {
    const a = order[k - 1];
    const b = order[k];
    if (!overlaps(drafts[a], drafts[b], 0)) continue;
    const pair: [number, number] = [Math.max(a, b), Math.min(a, b)];
    if (clash === null || pair[0] < clash[0] || (pair[0] === clash[0] && pair[1] < clash[1])) clash = pair;
  }
  if (clash) throw new Error(`${where(clash[0])} overlaps incidents.placed[${clash[1]}]`);
  return drafts;
}

/**
 * Incidents already placed, kept sorted by start. They never overlap one another, so their ends
 * are sorted too: whether a new span is free is one binary search, O(log n).
 */
class Occupied {
  private readonly spans: { precursorStart: number; end: number }[] = [];

  constructor(initial: readonly Draft[]) {
    for (const d of initial) this.add(d);
  }

  /** Index of the first span starting at or after `sec`. */
  private firstFrom(sec: number): number {
    let lo = 0;
    let hi = this.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.spans[mid].precursorStart < sec) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether `d` keeps `gapSec` away from every span (the same rule as `overlaps`). */
  free(d: { precursorStart: number; end: number }, gapSec: number): boolean {
    // spans starting before d.end + gap are the only candidates; the latest of them ends last
    const k = this.firstFrom(d.end + gapSec);
    return k === 0 || !(d.precursorStart < this.spans[k - 1].end + gapSec);
  }

  add(d: { precursorStart: number; end: number }): void {
    this.spans.splice(this.firstFrom(d.precursorStart), 0, { precursorStart: d.precursorStart, end: d.end });
  }

  /**
   * Free slots for a span of `len` seconds starting at `first + 60·slot`, slot in 0..`last`, in
   * ascending order, as runs `[from, to]`: O(n) from the spans instead of testing every slot.
   */
  freeRuns(first: number, last: number, len: number, gapSec: number): [number, number][] {
    const runs: [number, number][] = [];
    let next = 0;
    for (const o of this.spans) {
      // slot s clashes with o when first + 60s lies strictly inside (o.start − len − gap, o.end + gap)
      const lo = Math.floor((o.precursorStart - len - gapSec - first) / 60) + 1;
      const hi = Math.ceil((o.end + gapSec - first) / 60) - 1;
      if (hi < next || lo > hi) continue;
      if (lo > next) runs.push([next, Math.min(lo - 1, last)]);
      next = Math.max(next, hi + 1);
      if (next > last) break;
    }
    if (next <= last) runs.push([next, last]);
    return runs.filter(([a, b]) => a <= b);
  }
}

/**
 * The run's incidents in time order. Throws, naming the incident, when placed ones overlap or
 * leave the span, or rates cannot fit. O(n log n) in the number of incidents: each random try is
 * a binary search; a crowded run lists its free slots from the placed spans, not slot by slot.
 */
export function planIncidents(s: Scenario): PlannedIncident[] {
  const { startSec, endSec } = spanOf(s);
  const r = stream(s.seed, 'incidents');
  const drafts: Draft[] = placedDrafts(s);
  const occupied = new Occupied(drafts);

  const gapSec = Math.round(s.incidents.gapMin * 60);
  const days = (endSec - startSec) / 86_400;
  // draw every random incident's length first, then place the longest first: packs a short run
  const wanted: { kind: FailureKind; pre: number; dur: number }[] = [];
  for (const rate of s.incidents.rates) {
    const def = FAILURES[rate.kind];
    const expected = rate.perDay * days;
    const count = Math.floor(expected) + (r() < expected - Math.floor(expected) ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const pre = Math.round(def.precursorMin * (0.8 + 0.45 * r())) * 60;
      const dur = Math.max(1, Math.round(def.durationMin * (0.8 + 0.45 * r()))) * 60;
      wanted.push({ kind: rate.kind, pre, dur });
    }
  }
  wanted.sort((a, b) => b.pre + b.dur - (a.pre + a.dur));
  for (const w of wanted) {
    const placed = place(w.kind, w.pre, w.dur);
    if (placed === null) {
      throw new Error(
        `incidents.rates: cannot place ${wanted.length} random incidents without overlaps (${w.kind} did not fit): lower incidents.rates or incidents.gapMin (${s.incidents.gapMin}), or lengthen the run`,
      );
    }
    drafts.push(placed);
    occupied.add(placed);
  }

  function place(kind: FailureKind, pre: number, dur: number): Draft | null {
    const slots = Math.floor((endSec - startSec - pre - dur) / 60);
    if (slots < 0) return null;
    const at = (slot: number): Draft => {
      const failureStart = startSec + pre + slot * 60;
      return { kind, precursorStart: failureStart - pre, failureStart, end: failureStart + dur, target: undefined, severity: FAILURES[kind].severity };
    };
    for (let t = 0; t < PLACE_TRIES; t++) {
      const d = at(below(r, slots + 1));
      if (occupied.free(d, gapSec)) return d;
    }
    // a crowded run: pick among the slots still free (the same pick as listing them one by one)
    const runs = occupied.freeRuns(startSec, slots, pre + dur, gapSec);
    const open = runs.reduce((n, [a, b]) => n + b - a + 1, 0);
    if (open === 0) return null;
    let k = below(r, open);
    for (const [a, b] of runs) {
      if (k <= b - a) return at(a + k);
      k -= b - a + 1;
    }
    return null;
  }

  drafts.sort((a, b) => a.failureStart - b.failureStart);
  const targets = stream(s.seed, 'incident-targets');
  return drafts.map((d, i) => ({ id: `inc-${String(i + 1).padStart(2, '0')}`, ...resolve(d, s, targets) }));
}
