import { describe, expect, it } from 'vitest';
import { decodeToken, encodeSpec, packToken } from './url';
import { defaultSpec } from './defaults';
import { specSchema } from './schema';
import { checkAlerts, DEFAULT_FEATURE_RULES, featureRuleId } from './alerts';

describe('alert rules in the spec', () => {
  it('a v2 link written before alerts existed opens with the default rules, and the default comes back from a default link', () => {
    for (const v of [1, 2]) {
      const r = decodeToken(packToken(JSON.stringify({ v, name: 'old' })));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.spec.alerts).toEqual(defaultSpec().alerts);
      expect(r.spec.alerts.features).toEqual(DEFAULT_FEATURE_RULES);
    }
    const back = decodeToken(encodeSpec(defaultSpec()));
    expect(back.ok && back.spec.alerts).toEqual(defaultSpec().alerts);
  });

  it('a changed rule rides in the link and comes back', () => {
    const spec = defaultSpec();
    spec.alerts = { ...spec.alerts, detectors: ['ewma'], coolDownMin: 5, features: [{ kind: 'feature', feature: 'p90_ms', op: '>=', value: 800, windows: 2 }] };
    const r = decodeToken(encodeSpec(spec));
    expect(r.ok && r.spec.alerts).toEqual(spec.alerts);
  });

  it('refuses unknown features, repeated detectors and non-finite values, naming the field', () => {
    const bad = (alerts: unknown) => specSchema.safeParse({ ...defaultSpec(), alerts });
    const unknown = bad({ features: [{ kind: 'feature', feature: 'bogus', op: '>', value: 1 }] });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]).toMatchObject({ path: ['alerts', 'features', 0, 'feature'], message: 'unknown feature' });
    expect(bad({ detectors: ['ewma', 'ewma'] }).success).toBe(false);
    expect(bad({ features: [{ kind: 'feature-sum', feature: 'auth_failures', atLeast: Infinity, minutes: 5 }] }).success).toBe(false);
    expect(bad({ coolDownMin: -1 }).success).toBe(false);
  });

  it('names rules readably', () => {
    expect(DEFAULT_FEATURE_RULES.map(featureRuleId)).toEqual(['rate_5xx>0.05x3', 'auth_top_ip_failures>=20/10m']);
  });
});

describe('checkAlerts (the Live cell form)', () => {
  it('returns the parsed rules for a valid draft', () => {
    const r = checkAlerts({ coolDownMin: 10, features: [{ kind: 'feature', feature: 'rate_5xx', op: '>=', value: 0.02, windows: 2 }] });
    expect(r.issues).toEqual([]);
    expect(r.alerts?.coolDownMin).toBe(10);
    expect(r.alerts?.features.map(featureRuleId)).toEqual(['rate_5xx>=0.02x2']);
  });

  it('names the field and the rule of each problem', () => {
    const r = checkAlerts({
      coolDownMin: -1,
      detectorWindows: NaN,
      features: [DEFAULT_FEATURE_RULES[0], { kind: 'feature-sum', feature: 'auth_failures', atLeast: NaN, minutes: 0 }, { kind: 'feature', feature: 'no_such', op: '>', value: 1, windows: 1 }],
    });
    expect(r.alerts).toBeNull();
    expect(r.issues).toHaveLength(5);
    expect(r.issues[0]).toMatch(/^windows before a detector alarms: /);
    expect(r.issues.slice(1)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^feature rule 2, at least: /),
        expect.stringMatching(/^feature rule 2, minutes: .*1/),
        'feature rule 3, feature: unknown feature',
        expect.stringMatching(/^cool-down \(minutes\): .*0/),
      ]),
    );
  });
});
