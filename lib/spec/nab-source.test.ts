import { describe, expect, it } from 'vitest';
import { defaultSpec } from './defaults';
import { SPEC_VERSION, specSchema, type ExperimentSpec } from './schema';
import { decodeToken, encodeSpec, packToken } from './url';
import { specLabels } from '../eval/from-spec';

const windows = [
  { start: Date.UTC(2013, 9, 10, 10, 35), end: Date.UTC(2013, 9, 10, 15, 45) },
  { start: Date.UTC(2013, 9, 10, 18, 5), end: Date.UTC(2013, 9, 10, 23, 15) },
];

function withSource(source: unknown): unknown {
  return { v: SPEC_VERSION, source };
}

describe('a NAB series as the spec source', () => {
  it('round-trips a sample and an uploaded file through the link', () => {
    for (const series of [
      { kind: 'sample', id: 'iio-network-in' },
      { kind: 'upload', file: { name: 'my.csv', size: 1234, sha256: 'a'.repeat(64) } },
    ] as const) {
      const spec: ExperimentSpec = { ...defaultSpec(), source: { kind: 'nab', series, key: 'realAWSCloudwatch/my.csv', windows } };
      const r = decodeToken(encodeSpec(spec));
      expect(r).toEqual({ ok: true, spec, warnings: [] });
    }
  });

  it("gives the windows to the other cells as labels (NAB's inclusive end made exclusive)", () => {
    const spec = specSchema.parse(withSource({ kind: 'nab', series: { kind: 'sample', id: 'iio-network-in' }, key: 'k', windows }));
    expect(specLabels(spec)).toEqual([
      { incidentId: 'inc-01', kind: 'nab-window', phase: 'failure', start: windows[0]!.start, end: windows[0]!.end + 1, target: null },
      { incidentId: 'inc-02', kind: 'nab-window', phase: 'failure', start: windows[1]!.start, end: windows[1]!.end + 1, target: null },
    ]);
  });

  it('names what is wrong in a bad NAB source', () => {
    const bad = (source: unknown) => {
      const r = decodeToken(packToken(JSON.stringify(withSource(source))));
      if (r.ok) throw new Error('expected a refusal');
      return r.error.message;
    };
    const ok = { kind: 'nab', series: { kind: 'sample', id: 'iio-network-in' }, key: 'k', windows };
    expect(bad({ ...ok, series: { kind: 'sample', id: 'nyc-taxi' } })).toMatch(/source\.series\.id/);
    expect(bad({ ...ok, windows: [windows[1], windows[0]] })).toMatch(/source\.windows.*windows must be in order and not overlap/);
    expect(bad({ ...ok, windows: [{ start: 10, end: 5 }] })).toMatch(/source\.windows\[0\].*a window must not end before it starts/);
    expect(bad({ ...ok, key: '' })).toMatch(/source\.key/);
    expect(bad({ ...ok, series: { kind: 'upload', file: { name: 'a.csv', size: 1, sha256: 'xyz' } } })).toMatch(/source\.series\.file\.sha256.*64 lowercase hex/);
    expect(bad({ ...ok, extra: 1 })).toMatch(/extra/);
  });

  it('leaves older links as they were: a v1 link and a v2 link of each earlier source kind still open', () => {
    for (const source of [undefined, { kind: 'sample', id: 'metrics' }, { kind: 'upload', files: [{ name: 'a.log', size: 3, sha256: 'b'.repeat(64) }] }]) {
      for (const v of [1, 2]) {
        const r = decodeToken(packToken(JSON.stringify({ v, ...(source ? { source } : {}) })));
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.spec.source.kind).toBe(source?.kind ?? 'simulator');
      }
    }
  });
});
