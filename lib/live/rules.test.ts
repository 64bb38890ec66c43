import { describe, expect, it } from 'vitest';
import { alertEngine, resolveAlerts, type BundleAlerts } from './rules';
import type { LiveEvent } from './contract';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);
const FEATURES = ['rate_5xx', 'auth_top_ip_failures'];
const base: BundleAlerts = { detectors: [], detectorWindows: 1, predictor: null, features: [], coolDownMin: 0, recoverAfter: 1 };

/** Runs the rules over windows given as {det?, knn?, f?: feature values}; returns "index kind source" per event. */
function run(alerts: BundleAlerts, windows: { ewma?: number; ae?: number; knn?: number; f?: number[] }[]): string[] {
  const eng = alertEngine(alerts, FEATURES, MIN);
  const out: string[] = [];
  windows.forEach((w, i) => {
    const start = T0 + i * MIN;
    const detectors = [
      { detector: 'ewma', score: w.ewma ?? 0, threshold: 3, firing: (w.ewma ?? 0) >= 3 },
      { detector: 'autoencoder', score: w.ae ?? 0, threshold: 1, firing: (w.ae ?? 0) >= 1 },
      { detector: 'knn-prefailure', score: w.knn ?? 0, threshold: 0.5, firing: (w.knn ?? 0) >= 0.5 },
    ];
    const ev = eng.step({ start, end: start + MIN, values: Float64Array.from(w.f ?? [0, 0]), detectors }, (s) => [{ feature: `top-of-${s}`, value: 1, contribution: 2 }]);
    for (const e of ev) out.push(`${i} ${e.kind} ${e.detector}`);
  });
  return out;
}

const quiet = (n: number) => Array.from({ length: n }, () => ({}));

describe('alert rules', () => {
  it('a detector threshold rule alarms once when the score reaches the threshold and recovers when it goes quiet', () => {
    const eng = alertEngine({ ...base, detectors: ['ewma'] }, FEATURES, MIN);
    const w = (i: number, score: number) => ({ start: T0 + i * MIN, end: T0 + (i + 1) * MIN, values: Float64Array.of(0, 0), detectors: [{ detector: 'ewma', score, threshold: 3, firing: score >= 3 }] });
    expect(eng.step(w(0, 2.9), () => [])).toEqual([]);
    const [alarm] = eng.step(w(1, 3), () => [{ feature: 'p90_ms', value: 800, contribution: 5 }]);
    expect(alarm).toEqual<LiveEvent>({
      ts: '2026-01-05T00:02:00.000Z', kind: 'alarm', detector: 'ewma', score: 3, threshold: 3,
      top_features: [{ feature: 'p90_ms', value: 800, contribution: 5 }], window_start: '2026-01-05T00:01:00.000Z', window_end: '2026-01-05T00:02:00.000Z',
    });
    expect(eng.step(w(2, 9), () => [])).toEqual([]);
    expect(eng.step(w(3, 1), () => [])).toMatchObject([{ kind: 'recovery', detector: 'ewma', score: 1, top_features: [] }]);
  });

  it('a detector rule can ask for several consecutive windows', () => {
    const a = { ...base, detectors: ['ewma'], detectorWindows: 3 };
    expect(run(a, [{ ewma: 5 }, { ewma: 5 }, {}, { ewma: 5 }, { ewma: 5 }, { ewma: 5 }, {}])).toEqual(['5 alarm ewma', '6 recovery ewma']);
  });

  it('a feature rule fires after its condition held for n windows', () => {
    const a = { ...base, features: [{ kind: 'feature' as const, feature: 'rate_5xx', op: '>' as const, value: 0.05, windows: 3 }] };
    const f = (x: number) => ({ f: [x, 0] });
    expect(run(a, [f(0.06), f(0.06), f(0.05), f(0.1), f(0.2), f(0.3), f(0)])).toEqual(['5 alarm rule:rate_5xx>0.05x3', '6 recovery rule:rate_5xx>0.05x3']);
  });

  it('a feature-sum rule adds the feature over the last W minutes', () => {
    const a = { ...base, features: [{ kind: 'feature-sum' as const, feature: 'auth_top_ip_failures', atLeast: 20, minutes: 3 }] };
    const f = (x: number) => ({ f: [0, x] });
    // 8 + 8 + 8 = 24 in 3 minutes fires; 8 + 0 + 8 never reaches 20 within 3 windows
    expect(run(a, [f(8), f(0), f(8), f(0), f(8), f(8), f(8), f(0), f(0), f(0)])).toEqual(['6 alarm rule:auth_top_ip_failures>=20/3m', '7 recovery rule:auth_top_ip_failures>=20/3m']);
  });

  it('de-duplicates: sources firing during an open incident add no alarm; one recovery when all are quiet', () => {
    const a = { ...base, detectors: ['ewma', 'autoencoder'], features: [{ kind: 'feature' as const, feature: 'rate_5xx', op: '>=' as const, value: 0.5, windows: 1 }] };
    expect(run(a, [{ ewma: 4 }, { ewma: 4, ae: 2 }, { ae: 2, f: [0.9, 0] }, { f: [0.9, 0] }, {}, { ae: 3 }, {}])).toEqual(['0 alarm ewma', '4 recovery ewma', '5 alarm autoencoder', '6 recovery autoencoder']);
  });

  it('recovery waits for recoverAfter quiet windows, so a flapping source is one incident', () => {
    const a = { ...base, detectors: ['ewma'], recoverAfter: 3 };
    expect(run(a, [{ ewma: 4 }, {}, { ewma: 4 }, {}, {}, { ewma: 4 }, ...quiet(3)])).toEqual(['0 alarm ewma', '8 recovery ewma']);
  });

  it('cool-down: an incident opening within coolDownMin of the last alarm raises no alarm and no recovery', () => {
    const a = { ...base, detectors: ['ewma'], coolDownMin: 10 };
    const w = [{ ewma: 4 }, {}, { ewma: 4 }, {}, ...quiet(6), { ewma: 4 }, {}];
    // alarm at window 0 (ends 00:01); window 2 ends 00:03 < 00:11: silent; window 10 ends 00:11: alarms again
    expect(run(a, w)).toEqual(['0 alarm ewma', '1 recovery ewma', '10 alarm ewma', '11 recovery ewma']);
  });

  it('the predictor warns at its own level on a track of its own, beside alarms', () => {
    const a = { ...base, detectors: ['ewma'], predictor: 'knn-prefailure' as const };
    expect(run(a, [{ knn: 0.6 }, { knn: 0.7, ewma: 4 }, {}, {}])).toEqual(['0 warning knn-prefailure', '1 alarm ewma', '2 recovery ewma', '2 recovery knn-prefailure']);
  });

  it('passes the alarm source to top_features and its state survives a JSON round trip', () => {
    const a = { ...base, detectors: ['ewma'], features: [{ kind: 'feature-sum' as const, feature: 'auth_top_ip_failures', atLeast: 10, minutes: 5 }] };
    const eng = alertEngine(a, FEATURES, MIN);
    const w = (i: number, x: number) => ({ start: T0 + i * MIN, end: T0 + (i + 1) * MIN, values: Float64Array.of(0, x), detectors: [{ detector: 'ewma', score: 0, threshold: 3, firing: false }] });
    eng.step(w(0, 6), () => []);
    const resumed = alertEngine(a, FEATURES, MIN, JSON.parse(JSON.stringify(eng.state())));
    expect(resumed.step(w(1, 6), (s) => [{ feature: s, value: 0, contribution: 0 }])).toMatchObject([{ kind: 'alarm', detector: 'rule:auth_top_ip_failures>=10/5m', score: 12, threshold: 10, top_features: [{ feature: 'rule:auth_top_ip_failures>=10/5m' }] }]);
  });

  it('resolves the spec: null = the ensemble when there is one, else every anomaly detector; what cannot apply is noted', () => {
    const spec = { detectors: null, detectorWindows: 1, predictor: true, features: [{ kind: 'feature' as const, feature: 'p90_ms', op: '>' as const, value: 1, windows: 1 }], coolDownMin: 30, recoverAfter: 5 };
    const roles = { ewma: 'anomaly', 'robust-z': 'anomaly', 'knn-prefailure': 'predictor' } as const;
    const notes: string[] = [];
    const run1 = { features: ['requests'], detectors: ['ewma', 'robust-z', 'knn-prefailure'] as const, roles, ensemble: false };
    expect(resolveAlerts(spec, { ...run1, detectors: [...run1.detectors] }, notes)).toEqual({ ...spec, detectors: ['ewma', 'robust-z'], predictor: 'knn-prefailure', features: [] });
    expect(notes).toEqual(['alert rule p90_ms>1 left out: the run did not compute feature p90_ms']);
    expect(resolveAlerts(spec, { ...run1, detectors: [...run1.detectors], ensemble: true }, []).detectors).toEqual(['ensemble']);
    const n2: string[] = [];
    expect(resolveAlerts({ ...spec, detectors: ['autoencoder', 'knn-prefailure', 'ewma'], predictor: false }, { ...run1, detectors: [...run1.detectors] }, n2)).toMatchObject({ detectors: ['ewma'], predictor: null });
    expect(n2).toEqual(['alert rule on autoencoder left out: the bundle has no such trained detector', 'alert rule on knn-prefailure left out: the predictor warns through alerts.predictor', 'alert rule p90_ms>1 left out: the run did not compute feature p90_ms']);
  });
});
