import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './migrate';
import type { Migration } from './migrate';
import { decodeToken, packToken } from './url';

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
  it('has no real steps yet: v1 is the first version', () => {
    expect(MIGRATIONS).toEqual([]);
    expect(migrate({ v: 1, name: 'x' }, 1)).toEqual({ ok: true, doc: { v: 1, name: 'x' }, warnings: [] });
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

  it('decodes a v0 link through the step into a valid v1 spec', () => {
    const r = decodeToken(packToken('{"v":0,"title":"Old experiment","windowSeconds":30}'), [fakeV0]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.spec.name).toBe('Old experiment');
    expect(r.spec.window).toBe('30s');
    expect(r.spec.v).toBe(1);
    expect(r.warnings).toEqual([
      'This link was made by an older Harbinger (spec version 0) and was upgraded to version 1.',
      '"title" is now "name"',
    ]);
  });

  it('validates what a step produces, and turns a throwing step into an error', () => {
    const bad = decodeToken(packToken('{"v":0,"windowSeconds":5}'), [fakeV0]);
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid', message: expect.stringContaining('window') } });
    const throwing: Migration = { from: 0, up: () => { throw new Error('boom'); } };
    expect(decodeToken(packToken('{"v":0}'), [throwing])).toMatchObject({
      ok: false,
      error: { kind: 'invalid', message: expect.stringContaining('boom') },
    });
  });
});
