/**
 * Incident planning: placed incidents as given, then the rates' incidents at random times
 * (stream `incidents`), whole minutes from the start, never overlapping one another (precursors
 * and the scenario's gap included). Targets left open are drawn from the seed.
 */
import { assertNever } from '../lib/ingest/parser';
import { publicIpv4 } from './agents';
import { isoSeconds, spanOf } from './clock';
import { FAILURES } from './failures';
import type { FailureDef, PlannedIncident } from './failures/types';
import { Alias, below, stream, type Rng } from './rng';
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

interface Draft {
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

/** The run's incidents in time order. Throws, naming the incident, when placed ones overlap or leave the span, or rates cannot fit. */
export function planIncidents(s: Scenario): PlannedIncident[] {
  const { startSec, endSec } = spanOf(s);
  const r = stream(s.seed, 'incidents');
  const drafts: Draft[] = [];
  s.incidents.placed.forEach((p, i) => {
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
    const where = `incidents.placed[${i}] (${p.kind} at ${isoSeconds(failureStart)})`;
    if (d.precursorStart < startSec || d.end > endSec) {
      throw new Error(`${where}: precursor to end must lie within the run ${isoSeconds(startSec)} – ${isoSeconds(endSec)}`);
    }
    const clash = drafts.findIndex((o) => overlaps(o, d, 0));
    if (clash >= 0) throw new Error(`${where} overlaps incidents.placed[${clash}]`);
    drafts.push(d);
  });

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
        `cannot place ${wanted.length} random incidents without overlaps (${w.kind} did not fit): lower incidents.rates or incidents.gapMin (${s.incidents.gapMin}), or lengthen the run`,
      );
    }
    drafts.push(placed);
  }

  function place(kind: FailureKind, pre: number, dur: number): Draft | null {
    const slots = Math.floor((endSec - startSec - pre - dur) / 60);
    if (slots < 0) return null;
    const at = (slot: number): Draft => {
      const failureStart = startSec + pre + slot * 60;
      return { kind, precursorStart: failureStart - pre, failureStart, end: failureStart + dur, target: undefined, severity: FAILURES[kind].severity };
    };
    const free = (d: Draft) => !drafts.some((o) => overlaps(o, d, gapSec));
    for (let t = 0; t < PLACE_TRIES; t++) {
      const d = at(below(r, slots + 1));
      if (free(d)) return d;
    }
    // a crowded run: pick among the slots still free
    const open: number[] = [];
    for (let slot = 0; slot <= slots; slot++) if (free(at(slot))) open.push(slot);
    return open.length > 0 ? at(open[below(r, open.length)]) : null;
  }

  drafts.sort((a, b) => a.failureStart - b.failureStart);
  const targets = stream(s.seed, 'incident-targets');
  return drafts.map((d, i) => ({ id: `inc-${String(i + 1).padStart(2, '0')}`, ...resolve(d, s, targets) }));
}
