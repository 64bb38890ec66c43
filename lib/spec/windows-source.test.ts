import { describe, expect, it } from 'vitest';
import { defaultSpec } from './defaults';
import { SPEC_VERSION, type ExperimentSpec } from './schema';
import { decodeToken, encodeSpec, packToken } from './url';
import { specLabels, trainingKey } from '../eval/from-spec';
import { sourceKey, sourceStep } from '../notebook/source';

const file = { name: 'windows.parquet', size: 123_456, sha256: 'b'.repeat(64) };
const labels = [{ start: Date.UTC(2026, 0, 5, 10), end: Date.UTC(2026, 0, 5, 11), kind: 'outage', phase: 'failure' as const }];

describe('a window table as the spec source', () => {
  it('round-trips the file (name, size, SHA-256) and its labels through the link', () => {
    for (const source of [{ kind: 'windows', file }, { kind: 'windows', file, labels }] as const) {
      const spec: ExperimentSpec = { ...defaultSpec(), source };
      expect(decodeToken(encodeSpec(spec))).toEqual({ ok: true, spec, warnings: [] });
    }
  });

  it('gives its labels to the evaluation and to the training key, and is keyed by the file content', () => {
    const spec: ExperimentSpec = { ...defaultSpec(), source: { kind: 'windows', file, labels } };
    expect(specLabels(spec)).toEqual([{ incidentId: 'inc-01', kind: 'outage', phase: 'failure', start: labels[0]!.start, end: labels[0]!.end, target: null }]);
    expect(trainingKey(spec)).not.toBe(trainingKey({ ...spec, source: { kind: 'windows', file } }));
    expect(sourceKey(spec.source)).toBe(`windows:${'b'.repeat(64)}`);
    // loaded by its own binding: the log loader forgets what it held
    const loads = { held: { key: 'sim:x', generation: 1 }, last: null, tabFiles: null };
    expect(sourceStep(loads, { source: spec.source, generation: 1, picked: false })).toEqual({ kind: 'forget' });
  });

  it('names what is wrong in a bad window-table source', () => {
    const bad = (source: unknown) => {
      const r = decodeToken(packToken(JSON.stringify({ v: SPEC_VERSION, source })));
      if (r.ok) throw new Error('expected a refusal');
      return r.error.message;
    };
    expect(bad({ kind: 'windows', file: { ...file, sha256: 'xyz' } })).toMatch(/source\.file\.sha256.*64 lowercase hex/);
    expect(bad({ kind: 'windows' })).toMatch(/source\.file/);
    expect(bad({ kind: 'windows', file, extra: 1 })).toMatch(/extra/);
  });

  it('leaves the links made before it meaning what they meant (every older source kind still opens)', () => {
    for (const source of [{ kind: 'sample', id: 'access' }, { kind: 'upload', files: [file] }]) {
      const r = decodeToken(packToken(JSON.stringify({ v: 1, source })));
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
    const v1 = decodeToken(packToken(JSON.stringify({ v: 1 })));
    expect(v1.ok && v1.spec.source.kind).toBe('simulator');
  });
});
