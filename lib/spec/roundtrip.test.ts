import { POST_KINDS } from '../detectors/postprocess';
import { describe, expect, it } from 'vitest';
import { defaultSpec } from './defaults';
import { LATENCY_UNITS, PARSE_FORMATS, SAMPLE_IDS } from './schema';
import type { ExperimentSpec, SpecSource } from './schema';
import { MAX_TOKEN_CHARS, decodeToken, encodeSpec } from './url';
import { RUNNABLE_NAMES } from '../eval/names';

/** mulberry32: a tiny seeded PRNG so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed: number) {
  const r = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const maybe = <T>(p: number, x: () => T, otherwise: T): T => (r() < p ? x() : otherwise);
  // ASCII, accents, CJK, emoji (astral), quotes and backslashes: whatever JSON must escape.
  const alphabet = ['a', 'Z', '7', ' ', 'é', '東', '😀', '"', '\\', '\n', '\u0000', '/', '#', '&'];
  const text = (max: number) => {
    let s = '';
    const n = int(0, max);
    while (s.length < n) {
      const c = pick(alphabet);
      if (s.length + c.length > max) break;
      s += c;
    }
    return s;
  };
  const hex = () => Array.from({ length: 64 }, () => '0123456789abcdef'[int(0, 15)]).join('');
  const window = () => {
    const unit = pick(['s', 'm', 'h'] as const);
    const n = unit === 's' ? int(10, 3600) : unit === 'm' ? int(1, 60) : 1;
    return `${n}${unit}`;
  };
  const source = (): SpecSource =>
    r() < 0.4
      ? { kind: 'sample', id: pick(SAMPLE_IDS) }
      : {
          kind: 'upload',
          files: Array.from({ length: int(1, 20) }, () => ({
            name: text(255) || 'x',
            size: int(0, 2 ** 40),
            sha256: hex(),
          })),
          parse: {
            format: pick(PARSE_FORMATS),
            ...(r() < 0.5 ? { year: int(1970, 2100) } : {}),
            latencyUnit: pick(LATENCY_UNITS),
          },
        };
  return (): ExperimentSpec => {
    const d = defaultSpec();
    // Each field is left at its default half the time, so the omit-defaults path is exercised.
    const from = int(-1e12, 4e12);
    return {
      v: 2,
      name: maybe(0.5, () => text(120), d.name),
      source: maybe(0.5, source, d.source),
      explore: {
        range: maybe(0.5, () => ({ from, to: from + int(1, 1e10) }), null),
        bruteForce: {
          threshold: maybe(0.5, () => int(2, 10_000), 5),
          windowMinutes: maybe(0.5, () => int(1, 1440), 10),
        },
        topN: maybe(0.5, () => int(5, 100), 10),
      },
      window: maybe(0.5, window, d.window),
      alerts: maybe(0.5, () => ({ ...d.alerts, detectors: ['ewma'], coolDownMin: int(0, 1440), features: [{ kind: 'feature-sum' as const, feature: 'auth_failures', atLeast: int(1, 100), minutes: 10 }] }), d.alerts),
      seed: maybe(0.5, () => int(0, 0xffffffff), 42),
      sql: maybe(0.3, () => [{ id: 'q1', query: text(200), chart: { mark: 'line' as const, x: 'ts', y: null, color: null } }], []),
      models: {
        features: maybe(0.3, () => ['requests', 'rate_5xx', 'd:p90_ms', 'metric_mean:cpu_pct'].filter(() => r() < 0.7).concat('p99_ms'), d.models.features),
        detectors: maybe(0.5, () => RUNNABLE_NAMES.filter(() => r() < 0.6).concat('ewma'), d.models.detectors).filter((x, i, a) => a.indexOf(x) === i),
        trainFraction: maybe(0.3, () => int(10, 90) / 100, 0.5),
        splitAt: maybe(0.3, () => int(0, 4e12), null),
        post: maybe(0.3, () => ({ kind: POST_KINDS[int(0, POST_KINDS.length - 1)], shortWindow: int(1, 20), longWindow: int(20, 100_000), warmup: int(1, 1000), margin: int(0, 100) / 100 }), d.models.post),
        threshold: maybe<ExperimentSpec['models']['threshold']>(
          0.3,
          () => {
            const k = r();
            return k < 1 / 3 ? { kind: 'train-best-f1' } : k < 2 / 3 ? { kind: 'quantile', q: int(500, 999) / 1000 } : { kind: 'alarm-budget', perDay: int(1, 1000) / 10 };
          },
          d.models.threshold,
        ),
        earlyMarginMin: maybe(0.3, () => int(0, 1440), 10),
        matchPrecursor: maybe(0.3, () => true, false),
        params: maybe(0.3, () => ({ ...d.models.params, 'isolation-forest': { trees: int(1, 1000), sampleSize: 256 }, autoencoder: { ...d.models.params.autoencoder, hidden: [int(1, 64), int(1, 8)] } }), d.models.params),
        thresholds: maybe<ExperimentSpec['models']['thresholds']>(0.3, () => ({ ewma: r() * 10, ensemble: r() }), {}),
      },
    };
  };
}

describe('round trip over seeded random specs', () => {
  it('decode(encode(spec)) is spec, and re-encoding gives the same token', () => {
    const next = generator(20261121);
    let longest = 0;
    for (let i = 0; i < 400; i++) {
      const spec = next();
      const token = encodeSpec(spec);
      longest = Math.max(longest, token.length);
      const r = decodeToken(token);
      expect(r, `spec #${i}: ${JSON.stringify(spec).slice(0, 200)}`).toEqual({ ok: true, spec, warnings: [] });
      if (r.ok) expect(encodeSpec(r.spec)).toBe(token);
    }
    expect(longest).toBeLessThan(MAX_TOKEN_CHARS);
  });

  it('the largest spec the schema allows still fits in a link', () => {
    // 20 files with 255-character names of random 3-byte UTF-8 characters (near incompressible).
    const r = prng(7);
    const name = () => Array.from({ length: 255 }, () => String.fromCharCode(0x800 + Math.floor(r() * (0xd800 - 0x800)))).join('');
    const hex = () => Array.from({ length: 64 }, () => Math.floor(r() * 16).toString(16)).join('');
    const spec: ExperimentSpec = {
      ...defaultSpec(),
      name: name().slice(0, 120),
      source: {
        kind: 'upload',
        files: Array.from({ length: 20 }, () => ({ name: name(), size: Number.MAX_SAFE_INTEGER, sha256: hex() })),
        parse: { format: 'metrics-csv', year: 2000, latencyUnit: 'us' },
      },
    };
    const token = encodeSpec(spec);
    expect(token.length).toBeGreaterThan(15_000); // ≈ 18.7 K characters today
    expect(token.length).toBeLessThan(MAX_TOKEN_CHARS);
    expect(decodeToken(token)).toEqual({ ok: true, spec, warnings: [] });
  });
});
