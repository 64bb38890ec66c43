import { describe, expect, it } from 'vitest';
import { decodeToken, encodeSpec, packToken } from './url';
import { defaultSpec } from './defaults';
import { specSchema } from './schema';
import { DEFAULT_FEATURE_RULES, featureRuleId } from './alerts';

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
