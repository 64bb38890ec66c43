import { describe, expect, it } from 'vitest';
import { generate } from './generate';
import { planIncidents } from './plan';
import { TrafficModel } from './rate';
import { PRESETS, defaultScenario, type PresetId, type Scenario } from './scenario';
import { smallScenario } from './testing';
import { checkScenario } from './validate';

/** Expected visitor requests of a run, from the traffic model's per-minute rates. */
function expectedRequests(s: Scenario): number {
  const m = new TrafficModel(s);
  let n = 0;
  for (let sec = m.startSec; sec < m.endSec; sec += 60) n += m.rate(sec) * 60;
  return n;
}

describe('presets', () => {
  const ids = Object.keys(PRESETS) as PresetId[];

  it('are the four documented ones, valid, plannable and frozen', () => {
    expect(ids.sort()).toEqual(['memory-leak', 'quiet-week', 'ssh-attack', 'web-shop']);
    for (const id of ids) {
      const p = PRESETS[id];
      expect(p.label.length).toBeGreaterThan(0);
      expect(() => checkScenario(p.scenario)).not.toThrow();
      expect(() => planIncidents(p.scenario)).not.toThrow();
      expect(Object.isFrozen(p.scenario.endpoints[0])).toBe(true);
      expect(JSON.parse(JSON.stringify(p.scenario))).toEqual(p.scenario);
    }
  });

  it('tell their stories', () => {
    const kinds = (id: PresetId) => planIncidents(PRESETS[id].scenario).map((i) => i.kind);
    expect(new Set(kinds('web-shop')).size).toBeGreaterThanOrEqual(6);
    expect(PRESETS['web-shop'].scenario.outputs).toEqual({ access: true, auth: true, metrics: true });
    expect(kinds('quiet-week')).toEqual([]);
    expect(kinds('ssh-attack').filter((k) => k === 'ssh-brute-force').length).toBeGreaterThanOrEqual(5);
    expect(PRESETS['ssh-attack'].scenario.outputs.auth).toBe(true);
    expect(kinds('memory-leak').filter((k) => k === 'memory-leak').length).toBeGreaterThanOrEqual(3);
    expect(PRESETS['memory-leak'].scenario.outputs.metrics).toBe(true);
    for (const id of ['web-shop', 'quiet-week'] as const) {
      expect(PRESETS[id].scenario.days).toBe(7);
      const n = expectedRequests(PRESETS[id].scenario);
      expect(n).toBeGreaterThan(1_000_000);
      expect(n).toBeLessThan(2_000_000);
    }
  });

  it('generate their first hour', () => {
    for (const id of ids) {
      const s = structuredClone(PRESETS[id].scenario);
      s.days = 1 / 24;
      s.incidents.rates = [];
      const files = new Set([...generate(s)].map((c) => c.file));
      expect(files.has('access.log')).toBe(s.outputs.access);
      expect(files.has('auth.log')).toBe(s.outputs.auth);
      expect(files.has('metrics.csv')).toBe(s.outputs.metrics);
    }
  });

  it('defaultScenario returns a fresh copy each time', () => {
    const a = defaultScenario();
    a.endpoints[0].queries.push('x=1');
    expect(defaultScenario().endpoints[0].queries).toEqual([]);
  });
});

describe('checkScenario', () => {
  const bad = (edit: (s: Scenario) => void, message: string | RegExp) => {
    const s = smallScenario(2, 1);
    edit(s);
    expect(() => checkScenario(s)).toThrow(message);
  };

  it('names the field and the value', () => {
    bad((s) => (s.days = 0), 'invalid scenario days: expected 0.041666666666666664 to 366 (got 0)');
    bad((s) => (s.seed = -1), 'invalid scenario seed: expected 0 to 4294967295 (got -1)');
    bad((s) => (s.start += 500), 'invalid scenario start: expected whole seconds');
    bad((s) => (s.utcOffsetMin = 30.5), 'invalid scenario utcOffsetMin: expected an integer (got 30.5)');
    bad((s) => (s.traffic.rps = Number.NaN), 'invalid scenario traffic.rps: expected a number (got null)');
    bad((s) => (s.endpoints[2].route = 'api/x'), 'invalid scenario endpoints[2].route');
    bad((s) => (s.endpoints[0].route = '/a b'), 'invalid scenario endpoints[0].route');
    bad((s) => (s.endpoints[0].route = '/v2/2024/items'), 'a literal segment looks like an id');
    bad((s) => (s.endpoints[1].errorRate = 1.5), 'invalid scenario endpoints[1].errorRate: expected 0 to 1 (got 1.5)');
    bad((s) => (s.endpoints[0].queries = ['q="x"']), 'invalid scenario endpoints[0].queries[0]');
    bad((s) => s.endpoints.forEach((e) => (e.weight = 0)), 'invalid scenario endpoints: expected a positive total weight');
    bad((s) => (s.hosts = ['a', 'a']), 'invalid scenario hosts: expected distinct names');
    bad((s) => (s.background.healthCheck.userAgent = 'bad"ua'), 'invalid scenario background.healthCheck.userAgent');
    bad((s) => (s.background.batchJob.host = 'nope'), 'invalid scenario background.batchJob.host: expected one of hosts');
    bad((s) => (s.clients.heavyShare = 0.95), 'invalid scenario clients.heavyShare: expected 0 to 0.92');
    bad((s) => (s.auth.users = ['Bad User']), 'invalid scenario auth.users[0]');
    bad((s) => (s.background.scanner.paths = ['/caf\u00e9']), 'invalid scenario background.scanner.paths[0]: expected a path starting with /, in printable ASCII');
    bad((s) => (s.metrics.intervalS = 0), 'invalid scenario metrics.intervalS');
    bad((s) => (s.incidents.placed = [{ kind: 'oops' as never, start: s.start, durationMin: 5 }]), 'invalid scenario incidents.placed[0].kind');
    bad((s) => (s.incidents.placed = [{ kind: 'cpu-spike', start: s.start, durationMin: 5, target: 'web-9' }]), 'incidents.placed[0].target: expected one of hosts');
    bad((s) => (s.incidents.placed = [{ kind: 'slow-endpoint', start: s.start, durationMin: 5, target: '/nope' }]), 'expected a prefix of some endpoint route');
    bad((s) => (s.incidents.placed = [{ kind: 'error-burst', start: s.start, durationMin: 5, severity: 2 }]), 'incidents.placed[0].severity: expected 0 to 1 (got 2)');
    bad((s) => (s.incidents.placed = [{ kind: 'error-burst', start: s.start + 1000, durationMin: 5 }]), 'incidents.placed[0].start: expected whole minutes');
    bad((s) => (s.incidents.rates = [{ kind: 'cpu-spike', perDay: -1 }]), 'invalid scenario incidents.rates[0].perDay');
  });

  it('rejects what is not a scenario, and unknown fields', () => {
    expect(() => checkScenario(null as never)).toThrow('invalid scenario (root): expected an object (got null)');
    bad((s) => delete (s as Partial<Scenario>).outputs, 'invalid scenario outputs: expected an object');
    bad((s) => Object.assign(s.traffic, { rpss: 3 }), 'invalid scenario traffic: unknown field; expected only rps, diurnal, peakHour, weekly, noise (got ["rpss"])');
    bad((s) => Object.assign(s.endpoints[0], { colour: 'red' }), 'invalid scenario endpoints[0]: unknown field');
    bad((s) => (s.endpoints = 'x' as never), 'invalid scenario endpoints: expected an array (got "x")');
  });

  it('refuses too many incidents, overlapping placed ones and rates that cannot fit, before anything is generated', () => {
    // a crafted link: 45 incidents a day for 90 days
    bad((s) => {
      s.days = 90;
      s.incidents.rates = [{ kind: 'error-burst', perDay: 45 }];
    }, 'invalid scenario incidents: at most 1000 incidents per scenario (placed + rates × days); lower incidents.rates or shorten the run (got {"placed":0,"fromRates":4050})');
    bad(
      (s) => (s.incidents.placed = Array.from({ length: 1001 }, (_, i) => ({ kind: 'error-burst' as const, start: s.start + i * 60_000, durationMin: 1 }))),
      'invalid scenario incidents.placed: expected 0 to 1000 entries (got 1001)',
    );
    bad(
      (s) =>
        (s.incidents.placed = [
          { kind: 'cpu-spike', start: s.start + 3_600_000, durationMin: 30 },
          { kind: 'error-burst', start: s.start + 4_500_000, durationMin: 10 },
        ]),
      'invalid scenario incidents.placed[1] (error-burst at 2024-03-04T01:15:00Z) overlaps incidents.placed[0]',
    );
    bad((s) => (s.incidents.rates = [{ kind: 'memory-leak', perDay: 40 }]), /^invalid scenario incidents\.rates: cannot place \d+ random incidents without overlaps/);
  });

  it('accepts the default scenario', () => {
    expect(() => checkScenario(defaultScenario())).not.toThrow();
  });
});
