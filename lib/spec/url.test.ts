import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, inflateRawBounded, toBase64Url } from './bytes';
import { defaultSpec } from './defaults';
import type { ExperimentSpec } from './schema';
import {
  MAX_JSON_BYTES,
  MAX_TOKEN_CHARS,
  decodeSpec,
  decodeToken,
  encodeSpec,
  packToken,
  specToHash,
  specToUrl,
  tokenFromHash,
} from './url';

function errorOf(hash: string) {
  const r = decodeSpec(hash);
  if (r.ok) throw new Error(`expected an error for ${hash.slice(0, 40)}`);
  return r.error;
}

const sha = (c: string) => c.repeat(64);
const uploadSpec: ExperimentSpec = {
  ...defaultSpec(),
  name: 'Brute force on auth.log — week 12 ✓',
  source: {
    kind: 'upload',
    files: [
      { name: 'access.log', size: 215_000_000, sha256: sha('a') },
      { name: 'auth.log.1', size: 0, sha256: '0123456789abcdef'.repeat(4) },
      { name: 'metrics (copy).csv', size: 42, sha256: sha('f') },
    ],
    parse: { format: 'auth', year: 2024, latencyUnit: 'ms' },
  },
  explore: { range: { from: 1_700_000_000_000, to: 1_700_003_600_000 }, bruteForce: { threshold: 8, windowMinutes: 15 }, topN: 25 },
  window: '5m',
  seed: 7,
};

describe('encodeSpec / decodeSpec round trip', () => {
  const d = defaultSpec();
  const cases: [string, ExperimentSpec][] = [
    ['defaults', d],
    ['upload with 3 files', uploadSpec],
    ['other sample, one nested change', { ...d, source: { kind: 'sample', id: 'auth' }, explore: { ...d.explore, topN: 20 } }],
    ['metrics sample, window bounds', { ...d, source: { kind: 'sample', id: 'metrics' }, window: '10s', seed: 0 }],
    ['1h window, largest seed, empty name', { ...d, window: '1h', seed: 0xffffffff, name: '' }],
    ['upload without year', { ...d, source: { kind: 'upload', files: [{ name: 'a.log', size: 1, sha256: sha('0') }], parse: { format: 'auto', latencyUnit: 'auto' } } }],
    ['range before 1970', { ...d, explore: { ...d.explore, range: { from: -86_400_000, to: 0 } } }],
  ];
  it.each(cases)('%s', (_, spec) => {
    const hash = specToHash(spec);
    const r = decodeSpec(hash);
    expect(r).toEqual({ ok: true, spec, warnings: [] });
    // Canonical: re-encoding the decoded spec gives the same link.
    if (r.ok) expect(specToHash(r.spec)).toBe(hash);
  });

  it('always writes the source (a default scenario may change later; old links must not)', () => {
    const token = encodeSpec(defaultSpec());
    // the whole web-shop scenario, deflated: 1,881 characters when this was written
    expect(token.length).toBeGreaterThan(1000);
    expect(token.length).toBeLessThan(2500);
    const back = decodeSpec(`#s=${token}`);
    expect(back.ok && back.spec).toEqual(defaultSpec());
  });

  it('reads a link written by this version forever (golden)', () => {
    const golden =
      '#s=1.bvoAYqVRPXODMAz9K5xmXw4IHyljh27t1qnXwTEi-IptzjZJU47_XhnywZqLJkt6T0_WG-EIVcJAc4VQwasdPEaNsQIjoyM--HbTmQMwcGagIlQj_EhdE3ToO8Nr6jSyQwfV13gdwoVA5648-Ue1JN1meVFS2vI0LwLoyYCJ3QVXa85yWbpSii_iuxe-FzU2j-ZrJYXeSuE2wh1vYvFKq3kuYpi-GfTcuvnS5IPifvmgIb0zcgtVGqcZg4571OL8qWUAKAfTxAB_yRQ7cy3Xh2WINYoMKON7MKBxl9K2mEtE3gfv34L1geZbi641HVm9Y3Aiz83pXWqCkNdJTnhv-g_aJjyXNu2Rq3AWRGKV0z8';
    const r = decodeSpec(golden);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.spec.explore).toEqual({ range: { from: 1_700_000_000_000, to: 1_700_003_600_000 }, bruteForce: { threshold: 8, windowMinutes: 15 }, topN: 25 });
  });

  it('is independent of key order', () => {
    const shuffled = { seed: 7, window: '5m', explore: { topN: 25, bruteForce: { windowMinutes: 15, threshold: 8 }, range: { to: 1_700_003_600_000, from: 1_700_000_000_000 } }, source: uploadSpec.source, name: uploadSpec.name, v: 2 } as ExperimentSpec;
    expect(encodeSpec(shuffled)).toBe(encodeSpec(uploadSpec));
  });

  it('refuses to encode an invalid spec, naming the path', () => {
    expect(() => encodeSpec({ ...defaultSpec(), window: '5s' })).toThrow(/window: .*\(got "5s"\)/);
  });
});

describe('hash helpers', () => {
  it('specToUrl keeps path and query, replaces the hash', () => {
    const url = specToUrl(defaultSpec(), 'https://example.test/app?x=1#old');
    expect(url).toBe(`https://example.test/app?x=1${specToHash(defaultSpec())}`);
  });
  it('tokenFromHash finds s among other parameters', () => {
    expect(tokenFromHash('#a=b&s=1.xyz&c')).toBe('1.xyz');
    expect(tokenFromHash('s=1.xyz')).toBe('1.xyz');
    expect(tokenFromHash('#section')).toBeNull();
  });
});

describe('decodeSpec errors', () => {
  it('empty: no spec in the hash', () => {
    for (const h of ['', '#', '#about', '#s=']) expect(errorOf(h).kind).toBe('empty');
  });

  it('tampered: bad base64, no marker, damaged data, not JSON', () => {
    const good = encodeSpec(uploadSpec);
    for (const token of ['1.abc$', '1.a', `1.${good.slice(2)}=`, 'abc', '.abc', '1.AAAA']) {
      expect(errorOf(`#s=${token}`).kind, token).toBe('tampered');
    }
    expect(errorOf(`#s=${good.slice(0, -10)}`).message).toMatch(/could not be read/);
    expect(errorOf(`#s=${packToken('{"v":1,')}`).message).toMatch(/not JSON/);
    expect(errorOf(`#s=1.${toBase64Url(new Uint8Array([0, 0, 0, 0, 0xff, 0xff]))}`).message).toMatch(/damaged/);
  });

  it('tampered: every single-bit flip of a link is caught or changes nothing', () => {
    const bytes = fromBase64Url(encodeSpec(uploadSpec).slice(2))!;
    let caught = 0;
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = bytes.slice();
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      const r = decodeToken(`1.${toBase64Url(flipped)}`);
      if (r.ok) expect(r.spec).toEqual(uploadSpec); // a padding bit after the last DEFLATE code
      else {
        expect(r.error.kind).toBe('tampered');
        caught++;
      }
    }
    expect(caught).toBeGreaterThan(bytes.length * 8 * 0.99);
  });

  it('invalid: JSON that fails the schema names the path and the value', () => {
    const e = errorOf(`#s=${packToken('{"v":1,"explore":{"topN":3},"window":"2h"}')}`);
    expect(e.kind).toBe('invalid');
    expect(e.message).toContain('explore.topN');
    expect(e.message).toContain('(got 3)');
    expect(e.message).toContain('window');
    expect(e.message).toContain('"2h"');
    const f = errorOf(`#s=${packToken(JSON.stringify({ v: 1, source: { kind: 'upload', files: [{ name: 'a', size: 1, sha256: 'xyz' }] } }))}`);
    expect(f.message).toContain('source.files[0].sha256');
  });

  it('invalid: unknown keys are named with their path', () => {
    expect(errorOf(`#s=${packToken('{"v":1,"explore":{"colour":"red"}}')}`).message).toContain('explore.colour: unknown key');
    expect(errorOf(`#s=${packToken('{"v":1,"password":"x"}')}`).message).toContain('password: unknown key');
  });

  it('invalid: not an object, or no usable version', () => {
    for (const json of ['[1]', 'null', '"x"', '{}', '{"v":"1"}', '{"v":-1}', '{"v":1.5}']) {
      expect(errorOf(`#s=${packToken(json)}`).kind, json).toBe('invalid');
    }
    expect(errorOf(`#s=${packToken('{}')}`).message).toContain('v: expected a spec version number (got nothing)');
  });

  it('invalid: older version with no upgrade path', () => {
    expect(errorOf(`#s=${packToken('{"v":0}')}`)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('spec version 0') });
  });

  it('newer-version: spec version or link format from the future', () => {
    expect(errorOf(`#s=${packToken('{"v":3,"newField":true}')}`)).toEqual({
      kind: 'newer-version',
      message:
        'This link was made by a newer Harbinger (spec version 3); this page reads versions up to 2. Showing the default experiment instead.',
    });
    expect(errorOf('#s=2.AAAA')).toMatchObject({ kind: 'newer-version', message: expect.stringContaining('link format 2') });
  });

  it('oversized: a long token is refused before decoding', () => {
    const long = `#s=1.${'A'.repeat(MAX_TOKEN_CHARS)}`;
    const t0 = performance.now();
    expect(errorOf(long)).toMatchObject({ kind: 'oversized', message: expect.stringContaining(`${long.length - 3} characters`) });
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('oversized: a zip bomb is refused without inflating it all', () => {
    const json = new TextEncoder().encode(`{"v":1,"name":"${' '.repeat(10 * 1024 * 1024)}"}`);
    const bomb = deflateSync(json, { level: 9 });
    const token = `1.${toBase64Url(new Uint8Array([0, 0, 0, 0, ...bomb]))}`;
    expect(token.length).toBeLessThan(MAX_TOKEN_CHARS); // gets past the length guard
    const t0 = performance.now();
    expect(errorOf(`#s=${token}`).kind).toBe('oversized');
    expect(performance.now() - t0).toBeLessThan(200);
    // How far inflating went before it stopped: the limit plus at most one slice's worth.
    const r = inflateRawBounded(bomb, MAX_JSON_BYTES);
    expect(r).toMatchObject({ ok: false, reason: 'too-large' });
    if (!r.ok && r.reason === 'too-large') expect(r.inflated).toBeLessThan(MAX_JSON_BYTES + 300 * 1024);
  });

  it('never throws on garbage', () => {
    let s = 1;
    const next = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) / 2 ** 24;
    const chars = 'ABCxyz019-_.=&#s%+/ é\u0000';
    for (let i = 0; i < 300; i++) {
      let h = next() < 0.5 ? '#s=1.' : '';
      const n = Math.floor(next() * 60);
      for (let j = 0; j < n; j++) h += chars[Math.floor(next() * chars.length)];
      const r = decodeSpec(h);
      if (!r.ok) expect(['empty', 'tampered', 'invalid', 'oversized', 'newer-version']).toContain(r.error.kind);
    }
  });
});
