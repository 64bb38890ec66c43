import { decodeSpec, specToHash } from './url';
import { defaultParams } from '../eval/params';
import { describe, expect, it } from 'vitest';
import { defaultSpec } from './defaults';
import { parseWindow, specSchema } from './schema';
import { formatIssues } from './errors';
import { PRESETS } from '../../simulator/scenario';

describe('defaultSpec', () => {
  it('is pinned: links omit default values, so changing one needs a new spec version', () => {
    const web = structuredClone(PRESETS['web-shop'].scenario);
    web.traffic.rps = 1;
    expect(defaultSpec()).toEqual({
      v: 2,
      name: 'Untitled experiment',
      source: { kind: 'simulator', preset: 'web-shop', scenario: web },
      explore: { range: null, bruteForce: { threshold: 5, windowMinutes: 10 }, topN: 10 },
      window: '1m',
      seed: 42,
      models: {
        features: null,
        detectors: ['isolation-forest', 'robust-z', 'ewma', 'autoencoder', 'knn-prefailure', 'ensemble'],
        trainFraction: 0.5,
        splitAt: null,
        post: { kind: 'none', shortWindow: 10, longWindow: 1000, warmup: 100, margin: 0.1 },
        threshold: { kind: 'alarm-budget', perDay: 0.5 },
        earlyMarginMin: 10,
        matchPrecursor: false,
        params: defaultParams(),
        thresholds: {},
      },
      alerts: {
        detectors: null,
        detectorWindows: 1,
        predictor: true,
        features: [
          { kind: 'feature', feature: 'rate_5xx', op: '>', value: 0.05, windows: 3 },
          { kind: 'feature-sum', feature: 'auth_top_ip_failures', atLeast: 20, minutes: 10 },
        ],
        coolDownMin: 30,
        recoverAfter: 5,
      },
      sql: [],
    });
  });

  it('returns a fresh object each time', () => {
    const a = defaultSpec();
    a.explore.bruteForce.threshold = 99;
    a.name = 'changed';
    expect(defaultSpec().explore.bruteForce.threshold).toBe(5);
    expect(defaultSpec().name).toBe('Untitled experiment');
  });
});

describe('parseWindow', () => {
  it.each([
    ['10s', 10],
    ['59s', 59],
    ['1m', 60],
    ['5m', 300],
    ['60m', 3600],
    ['3600s', 3600],
    ['1h', 3600],
  ])('%s → %i s', (w, s) => expect(parseWindow(w)).toBe(s));

  it.each(['9s', '0s', '0m', '3601s', '61m', '2h', '1d', '', 'm', '1.5m', ' 1m', '1m ', '1M', '-1m', '1e1s'])(
    'refuses %j naming it',
    (w) => expect(() => parseWindow(w)).toThrow(`invalid window: ${w}`),
  );
});

describe('specSchema', () => {
  const ok = (patch: Record<string, unknown>) => specSchema.safeParse({ ...defaultSpec(), ...patch }).success;

  it('validates SQL cells: ids unique, charts named by column', () => {
    const cell = { id: 'a1', query: 'SELECT 1', chart: { mark: 'bar', x: 'k', y: 'n', color: null } };
    expect(ok({ sql: [cell] })).toBe(true);
    expect(ok({ sql: [cell, cell] })).toBe(false);
    expect(ok({ sql: [{ ...cell, id: 'A!' }] })).toBe(false);
    expect(ok({ sql: [{ ...cell, chart: { mark: 'pie' } }] })).toBe(false);
    expect(ok({ sql: [{ id: 'b', query: 'SELECT 2' }] })).toBe(true);
  });

  it('validates the models section: known features and detectors, once each; sane split and thresholds', () => {
    const m = (patch: Record<string, unknown>) => ok({ models: { ...defaultSpec().models, ...patch } });
    expect(m({ features: ['requests', 'd:rate_5xx', 'metric_max:cpu_pct'] })).toBe(true);
    expect(m({ features: ['requests', 'bogus'] })).toBe(false);
    expect(m({ features: ['requests', 'requests'] })).toBe(false);
    expect(m({ features: [] })).toBe(false);
    expect(m({ detectors: ['ewma', 'ensemble'] })).toBe(true);
    expect(m({ detectors: ['ewma', 'ewma'] })).toBe(false);
    expect(m({ detectors: ['prophet'] })).toBe(false);
    expect(m({ trainFraction: 0.95 })).toBe(false);
    expect(m({ threshold: { kind: 'quantile', q: 0.995 } })).toBe(true);
    expect(m({ threshold: { kind: 'quantile', q: 1.5 } })).toBe(false);
    expect(m({ threshold: { kind: 'train-best-f1' } })).toBe(true);
    expect(m({ threshold: { kind: 'alarm-budget', perDay: 1 } })).toBe(true);
    expect(m({ threshold: { kind: 'alarm-budget', perDay: 0.05 } })).toBe(false);
    expect(m({ threshold: { kind: 'alarm-budget' } })).toBe(false);
    expect(m({ thresholds: { ewma: 3.5 } })).toBe(true);
    expect(m({ thresholds: { nope: 3.5 } })).toBe(false);
  });
  const file = { name: 'a.log', size: 10, sha256: 'ab'.repeat(32) };
  const upload = (over: Record<string, unknown> = {}) => ({ kind: 'upload', files: [file], ...over });

  it('fills every default from { v: 2 } alone', () => {
    expect(specSchema.parse({ v: 2 })).toEqual(defaultSpec());
  });

  it('fills upload parse options', () => {
    const spec = specSchema.parse({ v: 2, source: upload() });
    expect(spec.source).toEqual({ kind: 'upload', files: [file], parse: { format: 'auto', latencyUnit: 'auto' } });
  });

  it("carries the user's labels with an upload, and checks them", () => {
    const label = { start: 1_709_287_200_000, end: 1_709_288_400_000, kind: 'latency-ramp', phase: 'failure' };
    const spec = specSchema.parse({ v: 2, source: upload({ labels: [label] }) });
    expect(spec.source.kind === 'upload' && spec.source.labels).toEqual([label]);
    expect(decodeSpec(specToHash(spec))).toMatchObject({ ok: true, spec: { source: { labels: [label] } } });
    for (const bad of [{ ...label, end: label.start }, { ...label, kind: 'two words' }, { ...label, phase: 'during' }, { ...label, start: 1.5 }]) {
      expect(specSchema.safeParse({ v: 2, source: upload({ labels: [bad] }) }).success).toBe(false);
    }
    expect(specSchema.safeParse({ v: 2, source: upload({ labels: Array.from({ length: 1001 }, () => label) }) }).success).toBe(false);
  });

  it('rejects unknown keys at every level', () => {
    for (const bad of [
      { ...defaultSpec(), extra: 1 },
      { ...defaultSpec(), explore: { colour: 'red' } },
      { ...defaultSpec(), source: { kind: 'sample', id: 'auth', files: [] } },
      { ...defaultSpec(), source: upload({ parse: { format: 'auto', tz: 'UTC' } }) },
    ]) {
      const r = specSchema.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
    }
  });

  it('checks bounds', () => {
    expect(ok({ name: 'x'.repeat(120) })).toBe(true);
    expect(ok({ name: 'x'.repeat(121) })).toBe(false);
    expect(ok({ seed: 0 })).toBe(true);
    expect(ok({ seed: 0xffffffff })).toBe(true);
    expect(ok({ seed: -1 })).toBe(false);
    expect(ok({ seed: 1.5 })).toBe(false);
    expect(ok({ seed: 2 ** 32 })).toBe(false);
    expect(ok({ window: '10s' })).toBe(true);
    expect(ok({ window: '5s' })).toBe(false);
    expect(ok({ window: '2h' })).toBe(false);
    expect(ok({ explore: { topN: 4 } })).toBe(false);
    expect(ok({ explore: { topN: 100 } })).toBe(true);
    expect(ok({ explore: { bruteForce: { threshold: 1 } } })).toBe(false);
    expect(ok({ explore: { bruteForce: { windowMinutes: 1441 } } })).toBe(false);
    expect(ok({ explore: { range: { from: 1, to: 2 } } })).toBe(true);
    expect(ok({ explore: { range: { from: 2, to: 2 } } })).toBe(false);
    expect(ok({ explore: { range: { from: 1.5, to: 2 } } })).toBe(false);
    expect(ok({ explore: { range: { from: 0, to: Infinity } } })).toBe(false);
    expect(ok({ source: { kind: 'sample', id: 'nginx' } })).toBe(false);
    expect(ok({ source: { kind: 'simulator' } })).toBe(false);
  });

  it('checks uploaded files', () => {
    expect(ok({ source: upload() })).toBe(true);
    expect(ok({ source: upload({ files: [] }) })).toBe(false);
    expect(ok({ source: upload({ files: Array(20).fill(file) }) })).toBe(true);
    expect(ok({ source: upload({ files: Array(21).fill(file) }) })).toBe(false);
    expect(ok({ source: upload({ files: [{ ...file, sha256: 'AB'.repeat(32) }] }) })).toBe(false);
    expect(ok({ source: upload({ files: [{ ...file, sha256: 'ab'.repeat(31) }] }) })).toBe(false);
    expect(ok({ source: upload({ files: [{ ...file, name: '' }] }) })).toBe(false);
    expect(ok({ source: upload({ files: [{ ...file, size: -1 }] }) })).toBe(false);
    expect(ok({ source: upload({ parse: { year: 1969 } }) })).toBe(false);
    expect(ok({ source: upload({ parse: { year: 2100, format: 'metrics-csv' } }) })).toBe(true);
    expect(ok({ source: upload({ parse: { format: 'nginx' } }) })).toBe(false);
    expect(ok({ source: upload({ parse: { latencyUnit: 'ns' } }) })).toBe(false);
  });
});

describe('the scenario inside the spec', () => {
  it('is checked by the scenario schema itself, each issue at its path under source.scenario', () => {
    const spec = defaultSpec();
    if (spec.source.kind !== 'simulator') throw new Error('the default source is the simulator');
    spec.source.scenario.traffic.rps = -1;
    spec.source.scenario.hosts = ['a', 'a'];
    const r = specSchema.safeParse(spec, { reportInput: true });
    expect(r.success).toBe(false);
    const issues = r.error?.issues.map((i) => [formatIssues([i])]);
    expect(issues?.[0]).toEqual(['source.scenario.traffic.rps: expected 0.0001 to 100000 (got -1)']);
    expect(issues?.[1]?.[0]).toMatch(/^source\.scenario\.hosts: expected distinct names/);
  });
});
