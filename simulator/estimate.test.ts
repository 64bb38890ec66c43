import { describe, expect, it } from 'vitest';
import { estimateSize } from './estimate';
import { PRESETS, SIM_FILES, type Scenario } from './scenario';
import { at, collect, smallScenario } from './testing';

describe('estimateSize', () => {
  it('lands within 15 % of the bytes a real run writes, per file', () => {
    const s = smallScenario(12, 1);
    s.days = 1;
    s.incidents.placed.push({ kind: 'ssh-brute-force', start: at(s, 20), durationMin: 30 });
    const real = collect(s);
    const est = estimateSize(s);
    for (const f of SIM_FILES) {
      expect(est.bytes[f], f).toBeGreaterThan(real.bytes[f].length * 0.85);
      expect(est.bytes[f], f).toBeLessThan(real.bytes[f].length * 1.15);
    }
    expect(est.totalBytes).toBe(SIM_FILES.reduce((a, f) => a + est.bytes[f], 0));
    expect(est.totalLines).toBe(SIM_FILES.reduce((a, f) => a + est.lines[f], 0));
  });

  it('counts nothing for a file the scenario does not write', () => {
    const s = smallScenario(12, 1);
    s.outputs.auth = false;
    const est = estimateSize(s);
    expect(est.lines['auth.log']).toBe(0);
    expect(est.bytes['auth.log']).toBe(0);
    expect(est.bytes['access.log']).toBeGreaterThan(0);
  });

  it('sizes the largest scenario the validator accepts without generating it', () => {
    const s = structuredClone(PRESETS['web-shop'].scenario) as Scenario;
    s.days = 366;
    s.traffic.rps = 100_000;
    const est = estimateSize(s);
    expect(est.totalLines).toBeGreaterThan(1e12);
    expect(est.totalBytes).toBeGreaterThan(1e14);
  });
});
