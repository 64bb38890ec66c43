import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './migrate';
import type { Migration } from './migrate';
import { decodeToken, packToken } from './url';
import { defaultSpec } from './defaults';

/** A made-up v0 that called the name `title` and stored the window in seconds. */
const fakeV0: Migration = {
  from: 0,
  up(doc) {
    const { title, windowSeconds, ...rest } = doc;
    const out: Record<string, unknown> = { ...rest };
    if (title !== undefined) out.name = title;
    if (typeof windowSeconds === 'number') out.window = `${windowSeconds}s`;
    return { doc: out, warnings: title === undefined ? [] : ['"title" is now "name"'] };
  },
};

describe('migrate', () => {
  it('v1 → v2 drops the old KNN matcher options, saying so, and keeps everything else', () => {
    expect(MIGRATIONS.map((m) => m.from)).toEqual([1]);
    expect(migrate({ v: 2, name: 'x' }, 2)).toEqual({ ok: true, doc: { v: 2, name: 'x' }, warnings: [] });
    const plain = migrate({ v: 1, name: 'x', models: { trainFraction: 0.6 } }, 1);
    expect(plain).toMatchObject({ ok: true, doc: { v: 2, name: 'x', models: { trainFraction: 0.6 } }, warnings: [expect.stringContaining('spec version 1')] });
    const r = decodeToken(packToken(JSON.stringify({ v: 1, models: { params: { 'knn-prefailure': { k: 7, warnAt: 0.5 }, ewma: { lambda: 0.3 } } } })));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.spec.v).toBe(2);
    expect(r.spec.models.params.ewma.lambda).toBe(0.3);
    expect(r.spec.models.params['knn-prefailure']).toEqual(defaultSpec().models.params['knn-prefailure']);
    expect(r.warnings[1]).toBe('The KNN predictor now learns its warning level on the training span: this link\'s k, warnAt settings were dropped.');
  });

  it('v1 → v2 writes the v1 defaults that changed (alarm budget 1/day, EWMA centred on the mean) when the link left them out', () => {
    const empty = decodeToken(packToken(JSON.stringify({ v: 1 })));
    expect(empty.ok).toBe(true);
    if (!empty.ok) return;
    expect(empty.spec.models.threshold).toEqual({ kind: 'alarm-budget', perDay: 1 });
    expect(empty.spec.models.params.ewma).toEqual({ ...defaultSpec().models.params.ewma, center: 'mean' });
    // today's defaults differ, so the old link keeps meaning what it meant
    expect(defaultSpec().models.threshold).toEqual({ kind: 'alarm-budget', perDay: 0.5 });
    expect(defaultSpec().models.params.ewma.center).toBe('median');
    // values the link set are kept
    const set = decodeToken(packToken(JSON.stringify({ v: 1, models: { threshold: { kind: 'quantile', q: 0.995 }, params: { ewma: { lambda: 0.3 } } } })));
    expect(set.ok).toBe(true);
    if (!set.ok) return;
    expect(set.spec.models.threshold).toEqual({ kind: 'quantile', q: 0.995 });
    expect(set.spec.models.params.ewma).toMatchObject({ lambda: 0.3, center: 'mean' });
    // a malformed models entry is left for the schema to name
    expect(decodeToken(packToken(JSON.stringify({ v: 1, models: 'x' })))).toMatchObject({ ok: false, error: { kind: 'invalid' } });
  });

  it('runs steps up to the target and sets v itself', () => {
    const forgetful: Migration = { from: 1, up: (doc) => ({ doc: { ...doc, added: true } }) };
    const r = migrate({ v: 0, title: 'Old' }, 0, [fakeV0, forgetful], 2);
    expect(r).toMatchObject({ ok: true, doc: { v: 2, name: 'Old', added: true } });
    if (r.ok) expect(r.warnings[0]).toContain('spec version 0');
  });

  it('fails with a message when a step is missing', () => {
    expect(migrate({ v: 0 }, 0, [])).toEqual({
      ok: false,
      message: 'spec version 0 is not one this page can read (no upgrade from version 0)',
    });
  });

  it('decodes a v0 link through the steps into a valid current spec', () => {
    const r = decodeToken(packToken('{"v":0,"title":"Old experiment","windowSeconds":30}'), [fakeV0, ...MIGRATIONS]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.spec.name).toBe('Old experiment');
    expect(r.spec.window).toBe('30s');
    expect(r.spec.v).toBe(2);
    expect(r.warnings).toEqual([
      'This link was made by an older Harbinger (spec version 0) and was upgraded to version 2.',
      '"title" is now "name"',
    ]);
  });

  it('validates what a step produces, and turns a throwing step into an error', () => {
    const bad = decodeToken(packToken('{"v":0,"windowSeconds":5}'), [fakeV0, ...MIGRATIONS]);
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid', message: expect.stringContaining('window') } });
    const throwing: Migration = { from: 0, up: () => { throw new Error('boom'); } };
    expect(decodeToken(packToken('{"v":0}'), [throwing])).toMatchObject({
      ok: false,
      error: { kind: 'invalid', message: expect.stringContaining('boom') },
    });
  });
});
