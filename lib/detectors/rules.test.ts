import { describe, expect, it } from 'vitest';
import { alarms, bruteForceDefaults, fit, rate5xxDefaults, score } from './rules';

const columns = ['requests', 'rate_5xx', 'auth_top_ip_failures'];
const X = [
  [100, 0.01, 0],
  [120, 0.2, 3],
  [90, 0.05, 12],
];

describe('rules', () => {
  it('rate5xx scores the rate_5xx column and alarms at or above x', () => {
    const m = fit(X, { ...rate5xxDefaults, columns });
    expect(m.column).toBe(1);
    const s = score(m, X);
    expect(Array.from(s)).toEqual([0.01, 0.2, 0.05]);
    expect(Array.from(alarms(m, s))).toEqual([0, 1, 1]);
  });
  it('bruteForce scores auth_top_ip_failures with threshold N', () => {
    const m = fit(X, { ...bruteForceDefaults, columns });
    const s = score(m, X);
    expect(Array.from(s)).toEqual([0, 3, 12]);
    expect(Array.from(alarms(m, s))).toEqual([0, 0, 1]);
  });
  it('accepts a column index and survives JSON', () => {
    const m = JSON.parse(JSON.stringify(fit(X, { feature: 0, threshold: 110 })));
    expect(Array.from(alarms(m, score(m, X)))).toEqual([0, 1, 0]);
  });
  it('names bad options', () => {
    expect(() => fit(X, { feature: 'rate_5xx', threshold: 1 })).toThrow(/"rate_5xx" is a name but no columns/);
    expect(() => fit(X, { feature: 'nope', threshold: 1, columns })).toThrow(/"nope" is not among the columns/);
    expect(() => fit(X, { feature: 3, threshold: 1 })).toThrow(/column: 3 \(data has 3 features\)/);
    expect(() => fit(X, { feature: 1, threshold: NaN })).toThrow(/threshold: NaN/);
    expect(() => score(fit(X, { feature: 1, threshold: 1 }), [[1, 2]])).toThrow(/row 0 has 2 features, expected 3/);
  });
});
