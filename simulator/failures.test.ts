import { describe, expect, it } from 'vitest';
import { FAILURES } from './failures';
import type { PlannedIncident } from './failures/types';
import { planIncidents, routeMatches } from './plan';
import type { IncidentPlacement, Scenario } from './scenario';
import { at, quantile, rowsOf, slope, smallScenario } from './testing';

interface Req {
  ts: number;
  ip: string;
  route: string;
  method: string;
  status: number;
  latency: number;
}

function requests(s: Scenario): Req[] {
  const out: Req[] = [];
  for (const b of rowsOf(s, 'requests')) {
    for (let i = 0; i < b.length; i++) {
      out.push({ ts: b.ts[i], ip: b.ip[i], route: b.route[i] ?? '', method: b.method[i] ?? '', status: b.status[i], latency: b.latency_ms[i] });
    }
  }
  return out;
}

/** One incident of `kind` at hour 8 of a 14-hour run (away from the 02:30 nightly job). */
function withIncident(kind: IncidentPlacement['kind'], more: Partial<IncidentPlacement> = {}, rps = 4): { s: Scenario; inc: PlannedIncident } {
  const s = smallScenario(14, rps);
  s.incidents.placed = [{ kind, start: at(s, 8), durationMin: 30, ...more }];
  const [inc] = planIncidents(s);
  return { s, inc };
}

/** ms window helpers: [from, to) */
const inWin = (ts: number, from: number, to: number) => ts >= from && ts < to;
const share = (xs: Req[], pred: (r: Req) => boolean) => xs.filter(pred).length / xs.length;
const is5xx = (r: Req) => r.status >= 500;

/** Requests of the hour before the precursor, and of the failure phase. */
function windows(reqs: Req[], inc: PlannedIncident, pick: (r: Req) => boolean = () => true) {
  const ps = inc.precursorStart * 1000;
  const fs = inc.failureStart * 1000;
  const end = inc.end * 1000;
  return {
    base: reqs.filter((r) => pick(r) && inWin(r.ts, ps - 3_600_000, ps)),
    pre: reqs.filter((r) => pick(r) && inWin(r.ts, ps, fs)),
    fail: reqs.filter((r) => pick(r) && inWin(r.ts, fs, end)),
    after: reqs.filter((r) => pick(r) && inWin(r.ts, end, end + 3_600_000)),
  };
}

describe('failure signatures', () => {
  it('latency-ramp: p90 on the family climbs through the precursor, then 5xx on that family', () => {
    const { s, inc } = withIncident('latency-ramp', { target: '/api/products', precursorMin: 60 });
    const fam = (r: Req) => routeMatches(r.route, '/api/products');
    const w = windows(requests(s), inc, fam);
    const third = (k: number) => {
      const a = (inc.precursorStart + (k * (inc.failureStart - inc.precursorStart)) / 3) * 1000;
      const b = (inc.precursorStart + ((k + 1) * (inc.failureStart - inc.precursorStart)) / 3) * 1000;
      return quantile(w.pre.filter((r) => inWin(r.ts, a, b)).map((r) => r.latency), 0.9);
    };
    const base = quantile(w.base.map((r) => r.latency), 0.9);
    expect(third(0)).toBeLessThan(third(1));
    expect(third(1)).toBeLessThan(third(2));
    expect(third(2)).toBeGreaterThan(3 * base);
    expect(share(w.fail, is5xx)).toBeGreaterThan(0.3);
    expect(share(w.base, is5xx)).toBeLessThan(0.02);
    // other routes keep their error rate
    const others = windows(requests(s), inc, (r) => !fam(r));
    expect(share(others.fail, is5xx)).toBeLessThan(0.02);
  });

  it('error-burst: 5xx share across the site jumps, and only inside the window', () => {
    const { s, inc } = withIncident('error-burst');
    const w = windows(requests(s), inc);
    expect(share(w.fail, is5xx)).toBeGreaterThan(0.2);
    expect(share(w.base, is5xx)).toBeLessThan(0.01);
    expect(share(w.after, is5xx)).toBeLessThan(0.01);
  });

  it('traffic-spike: a few addresses take most of the requests and the rate jumps', () => {
    const { s, inc } = withIncident('traffic-spike', { durationMin: 20 });
    const w = windows(requests(s), inc);
    const topShare = (xs: Req[]) => {
      const n = new Map<string, number>();
      for (const r of xs) n.set(r.ip, (n.get(r.ip) ?? 0) + 1);
      return Math.max(...n.values()) / xs.length;
    };
    expect(inc.ips.length).toBeGreaterThanOrEqual(3);
    expect(topShare(w.fail)).toBeGreaterThan(0.15);
    expect(topShare(w.base)).toBeLessThan(0.06);
    const perMin = (xs: Req[], minutes: number) => xs.length / minutes;
    expect(perMin(w.fail, 20)).toBeGreaterThan(8 * perMin(w.base, 60));
    expect(share(w.fail, (r) => inc.ips.includes(r.ip))).toBeGreaterThan(0.8);
    expect(share(w.base, (r) => inc.ips.includes(r.ip))).toBe(0);
  });

  it('slow-endpoint: the family answers k times slower without errors', () => {
    const { s, inc } = withIncident('slow-endpoint', { target: '/api/products', severity: 5 });
    const w = windows(requests(s), inc, (r) => routeMatches(r.route, '/api/products'));
    const med = (xs: Req[]) => quantile(xs.map((r) => r.latency), 0.5);
    expect(med(w.fail)).toBeGreaterThan(3.5 * med(w.base));
    expect(med(w.after)).toBeLessThan(1.5 * med(w.base));
    expect(share(w.fail, is5xx)).toBeLessThan(0.02);
  });

  it('dependency-outage: the family answers 503 after a flapping precursor; other routes do not', () => {
    const { s, inc } = withIncident('dependency-outage', { target: '/search', precursorMin: 10 });
    const reqs = requests(s);
    const w = windows(reqs, inc, (r) => r.route === '/search');
    const is503 = (r: Req) => r.status === 503;
    expect(share(w.fail, is503)).toBeGreaterThan(0.85);
    expect(share(w.pre, is503)).toBeGreaterThan(0);
    expect(share(w.pre, is503)).toBeLessThan(0.2);
    expect(share(w.base, is503)).toBe(0);
    const others = windows(reqs, inc, (r) => r.route !== '/search');
    expect(share(others.fail, is503)).toBeLessThan(0.01);
  });

  it('ssh-brute-force: failed logins per attacking address dwarf every other address', () => {
    const { s, inc } = withIncident('ssh-brute-force', { durationMin: 40, precursorMin: 15 });
    const fails = new Map<string, number>();
    let accepted = 0;
    for (const b of rowsOf(s, 'auth_events')) {
      for (let i = 0; i < b.length; i++) {
        const ip = b.ip[i];
        if ((b.kind[i] === 'failed_password' || b.kind[i] === 'invalid_user') && ip !== null) fails.set(ip, (fails.get(ip) ?? 0) + 1);
        if (b.kind[i] === 'accepted') accepted++;
      }
    }
    for (const ip of inc.ips) expect(fails.get(ip) ?? 0).toBeGreaterThan(500);
    const others = [...fails].filter(([ip]) => !inc.ips.includes(ip)).map(([, n]) => n);
    expect(Math.max(0, ...others)).toBeLessThan(5);
    expect(accepted).toBeGreaterThan(0);
  });

  describe('metric kinds', () => {
    function series(s: Scenario, host: string, name: string): { t: number[]; v: number[] } {
      const t: number[] = [];
      const v: number[] = [];
      for (const b of rowsOf(s, 'metrics')) {
        for (let i = 0; i < b.length; i++) {
          if (b.source[i] === host && b.name[i] === name) {
            t.push(b.ts[i]);
            v.push(b.value[i]);
          }
        }
      }
      return { t, v };
    }
    const between = (x: { t: number[]; v: number[] }, from: number, to: number) => {
      const idx = x.t.flatMap((t, i) => (t >= from * 1000 && t < to * 1000 ? [i] : []));
      return { t: idx.map((i) => x.t[i] / 3_600_000), v: idx.map((i) => x.v[i]) };
    };
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

    it('memory-leak: RAM climbs through the precursor, then drops at the restart (with 502s)', () => {
      const { s, inc } = withIncident('memory-leak', { target: 'web-2', precursorMin: 240, durationMin: 5 }, 1);
      const ram = series(s, 'web-2', 'ram_pct');
      const pre = between(ram, inc.precursorStart, inc.failureStart);
      const base = between(ram, inc.precursorStart - 3600, inc.precursorStart);
      expect(slope(pre.t, pre.v)).toBeGreaterThan(8); // points per hour
      expect(Math.abs(slope(base.t, base.v))).toBeLessThan(3);
      const last = mean(pre.v.slice(-5));
      const fail = mean(between(ram, inc.failureStart, inc.end).v);
      expect(last).toBeGreaterThan(85);
      expect(last - fail).toBeGreaterThan(40);
      // other hosts do not leak
      const other = between(series(s, 'web-1', 'ram_pct'), inc.precursorStart, inc.failureStart);
      expect(Math.abs(slope(other.t, other.v))).toBeLessThan(3);
      const w = windows(requests(s), inc);
      expect(share(w.fail, (r) => r.status === 502)).toBeGreaterThan(0.25);
    });

    it('cpu-spike: CPU pinned near severity during the failure', () => {
      const { s, inc } = withIncident('cpu-spike', { target: 'db-1' }, 1);
      const cpu = series(s, 'db-1', 'cpu_pct');
      expect(mean(between(cpu, inc.failureStart, inc.end).v)).toBeGreaterThan(90);
      expect(mean(between(cpu, inc.failureStart - 3600, inc.failureStart).v)).toBeLessThan(60);
      expect(mean(between(cpu, inc.end, inc.end + 3600).v)).toBeLessThan(60);
    });

    it('disk-filling: disk slope far above normal growth, then a plateau at severity', () => {
      const { s, inc } = withIncident('disk-filling', { target: 'web-1', precursorMin: 180 }, 1);
      const disk = series(s, 'web-1', 'disk_pct');
      const pre = between(disk, inc.precursorStart, inc.failureStart);
      const base = between(disk, inc.precursorStart - 3 * 3600, inc.precursorStart);
      expect(slope(pre.t, pre.v)).toBeGreaterThan(10);
      expect(slope(pre.t, pre.v)).toBeGreaterThan(50 * Math.max(0.01, slope(base.t, base.v)));
      expect(Math.min(...between(disk, inc.failureStart, inc.end).v)).toBeGreaterThan(99);
      expect(mean(between(disk, inc.end, inc.end + 3600).v)).toBeLessThan(70);
      const w = windows(requests(s), inc, (r) => r.method === 'POST');
      expect(share(w.fail, is5xx)).toBeGreaterThan(0.6);
    });
  });

  it('every kind is catalogued with sane defaults', () => {
    for (const [kind, def] of Object.entries(FAILURES)) {
      expect(def.kind).toBe(kind);
      expect(def.durationMin).toBeGreaterThan(0);
      expect(def.severity).toBeGreaterThanOrEqual(def.severityRange[0]);
      expect(def.severity).toBeLessThanOrEqual(def.severityRange[1]);
      expect(def.shows.length).toBeGreaterThan(0);
    }
  });
});
