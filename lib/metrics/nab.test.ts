import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NabFileInput, NabProfileName, NabWindow } from './nab';
import {
  NAB_PROFILE_NAMES,
  NAB_PROFILES,
  nabNormalise,
  nabProbationLength,
  nabRowLayout,
  nabRowScores,
  nabScoreFile,
  parseNabTimestamp,
  scaledSigmoid,
} from './nab';
import { nabOptimiseThreshold, nabSweep } from './nab-sweep';

const standard = NAB_PROFILES.standard;

/** 20 rows one second apart; probation = floor(0.15 × 20) = 3 rows; one window over rows 8..11. */
function file(detections: readonly number[], windows: readonly [number, number][] = [[8, 11]]): NabFileInput {
  const timestamps = Array.from({ length: 20 }, (_, i) => i * 1000);
  const anomalyScores = timestamps.map((_, i) => (detections.includes(i) ? 1 : 0));
  return { timestamps, anomalyScores, windows: windows.map(([a, b]) => ({ start: a * 1000, end: b * 1000 })) };
}

describe('NAB scorer, hand-computed cases', () => {
  it('scaled sigmoid matches the values NAB documents', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3.01)).toBe(-1);
  });

  it('probation is min(floor(15 % of rows), 750)', () => {
    expect(nabProbationLength(20)).toBe(3);
    expect(nabProbationLength(4032)).toBe(604);
    expect(nabProbationLength(22695)).toBe(750);
  });

  it('a detection on the first row of a window earns the full tpWeight', () => {
    const r = nabScoreFile(file([8]), 0.5, standard);
    expect(r.score).toBeCloseTo(1, 12);
    expect(r).toMatchObject({ tp: 1, fn: 3, fp: 0, tn: 13, total: 20 });
  });

  it('a detection in the middle of a window earns less; only the earliest one counts', () => {
    // position -(11 - 10 + 1) / 4 = -0.5 → scaledSigmoid(-0.5) / scaledSigmoid(-1)
    expect(nabScoreFile(file([10]), 0.5, standard).score).toBeCloseTo(0.8597925669097837, 12);
    const both = nabScoreFile(file([10, 11]), 0.5, standard);
    expect(both.score).toBeCloseTo(0.8597925669097837, 12);
    expect(both.tp).toBe(2);
  });

  it('a detection on the last row of a window is a small reward', () => {
    // position -1 / 4 = -0.25
    expect(nabScoreFile(file([11]), 0.5, standard).score).toBeCloseTo(0.5621241486044827, 12);
  });

  it('a missed window costs fnWeight, per profile', () => {
    expect(nabScoreFile(file([]), 0.5, standard).score).toBe(-1);
    expect(nabScoreFile(file([]), 0.5, NAB_PROFILES.reward_low_FN_rate).score).toBe(-2);
  });

  it('a false positive right after a window is penalised by the sigmoid of its distance', () => {
    // (12 - 11) / (4 - 1) = 1/3 past the window; the window itself is missed (-1)
    const r = nabScoreFile(file([12]), 0.5, standard);
    expect(r.score).toBeCloseTo(-1 - 0.07504879692619866, 12);
    expect(r).toMatchObject({ tp: 0, fp: 1, fn: 4, tn: 12 });
    expect(nabScoreFile(file([13]), 0.5, standard).score).toBeCloseTo(-1 - 0.10242205695343354, 12);
    const lowFp = nabScoreFile(file([12]), 0.5, NAB_PROFILES.reward_low_FP_rate);
    expect(lowFp.score).toBeCloseTo(-1 - 0.15009759385239732, 12);
  });

  it('a false positive with no preceding window, or far after one, costs the full fpWeight', () => {
    expect(nabScoreFile(file([5]), 0.5, standard).score).toBeCloseTo(-1 - 0.11, 12);
    expect(nabScoreFile(file([19], [[4, 5]]), 0.5, standard).score).toBeCloseTo(-1 - 0.11, 12);
  });

  it('probationary rows are never scored', () => {
    const r = nabScoreFile(file([0, 1, 2]), 0.5, standard);
    expect(r.score).toBe(-1);
    expect(r).toMatchObject({ tp: 0, fp: 0, fn: 4, tn: 13, total: 20 });
    // A window starting in probation can only be detected on its scored rows: rows 3..4 of [1, 4].
    expect(nabScoreFile(file([1], [[1, 4]]), 0.5, standard).score).toBe(-1);
    expect(nabScoreFile(file([3], [[1, 4]]), 0.5, standard).score).toBeCloseTo(0.8597925669097837, 12);
  });

  it('windows hold the rows whose timestamp lies in them, ends inclusive, with real epoch times', () => {
    // 5-minute rows from 2014-02-26; the window ends exactly on row 11's timestamp.
    const t0 = parseNabTimestamp('2014-02-26 13:05:00');
    const timestamps = Array.from({ length: 20 }, (_, i) => t0 + i * 300_000);
    const windows = [{ start: timestamps[8]!, end: timestamps[11]! }];
    const at = (row: number): NabFileInput => ({ timestamps, windows, anomalyScores: timestamps.map((_, i) => (i === row ? 1 : 0)) });
    expect(nabScoreFile(at(11), 0.5, standard).score).toBeCloseTo(0.5621241486044827, 12);
    expect(nabScoreFile(at(12), 0.5, standard).score).toBeCloseTo(-1 - 0.07504879692619866, 12);
  });

  it('follows row order, not time order, when timestamps repeat (NAB files do at DST changes)', () => {
    // Rows 10..13 repeat the times of rows 6..9: the window [8 s, 9 s] holds rows 8, 9, 12, 13.
    const timestamps = Array.from({ length: 20 }, (_, i) => (i >= 10 && i <= 13 ? i - 4 : i) * 1000);
    const windows = [{ start: 8000, end: 9000 }];
    const at = (row: number): NabFileInput => ({ timestamps, windows, anomalyScores: timestamps.map((_, i) => (i === row ? 1 : 0)) });
    // Row 9 is the 2nd of 4 window rows, counted back from the last (row 13): -(13 - 9 + 1) / 4.
    expect(nabScoreFile(at(9), 0.5, standard).score).toBeCloseTo(scaledSigmoid(-5 / 4) / scaledSigmoid(-1), 12);
    // Row 10 lies between window rows but outside the window, with no window ended before it.
    expect(nabScoreFile(at(10), 0.5, standard)).toMatchObject({ score: -1 - 0.11, fp: 1, fn: 4 });
  });

  it('a row is a detection when its score is >= the threshold', () => {
    const input = { ...file([]), anomalyScores: Array.from({ length: 20 }, (_, i) => (i === 9 ? 0.7 : 0.2)) };
    expect(nabScoreFile(input, 0.7, standard).tp).toBe(1);
    expect(nabScoreFile(input, 0.7000001, standard).tp).toBe(0);
  });

  it('row scores put the window result on its first row and each FP on its own row', () => {
    const input = file([10, 12]);
    const rows = nabRowScores(nabRowLayout(input, standard), input.anomalyScores, 0.5, standard);
    expect(rows[8]).toBeCloseTo(0.8597925669097837, 12);
    expect(rows[12]).toBeCloseTo(-0.07504879692619866, 12);
    expect(Array.from(rows).filter((v) => v !== 0)).toHaveLength(2);
  });

  it('normalises 100 × (raw − null) / (perfect − null)', () => {
    expect(nabNormalise(2, 2, standard)).toBe(100);
    expect(nabNormalise(-2, 2, standard)).toBe(0);
    expect(nabNormalise(0, 2, standard)).toBe(50);
    expect(nabNormalise(-2, 2, NAB_PROFILES.reward_low_FN_rate)).toBeCloseTo(100 / 3, 12);
  });

  it('rejects bad input and names the value', () => {
    expect(() => nabScoreFile({ ...file([]), anomalyScores: [1] }, 0.5, standard)).toThrow(/20 timestamps but 1/);
    expect(() => nabScoreFile(file([], [[30, 31]]), 0.5, standard)).toThrow(/contains no rows/);
    expect(() => nabScoreFile(file([], [[8, 11], [10, 12]]), 0.5, standard)).toThrow(/window 1 overlaps/);
    expect(() => parseNabTimestamp('2014-07-01')).toThrow(/2014-07-01/);
  });

  it('parses NAB timestamps as UTC, with or without microseconds', () => {
    expect(parseNabTimestamp('2014-07-01 00:30:00')).toBe(Date.UTC(2014, 6, 1, 0, 30));
    expect(parseNabTimestamp('2014-07-01 00:30:00.000000')).toBe(Date.UTC(2014, 6, 1, 0, 30));
  });
});

describe('NAB threshold sweep', () => {
  const scores = [0.9, 0.1, 0.2, 0.3, 0.95, 0.4, 0.1, 0.2, 0.6, 0.5, 0.35, 0.8, 0.3, 0.1, 0.7, 0.2, 0.1, 0.45, 0.25, 0.1];
  const a: NabFileInput = { ...file([]), anomalyScores: scores };
  const b: NabFileInput = { ...file([], [[2, 6], [14, 15]]), anomalyScores: [...scores].reverse() };

  it('gives, at every candidate threshold, the sum of the per-file scores', () => {
    for (const profile of Object.values(NAB_PROFILES)) {
      const sweep = nabSweep([a, b], profile);
      expect(sweep[0]!.threshold).toBe(Infinity);
      expect(sweep.length).toBe(new Set(scores).size + 1);
      for (const s of sweep) {
        const fa = nabScoreFile(a, s.threshold, profile);
        const fb = nabScoreFile(b, s.threshold, profile);
        expect(s.score).toBeCloseTo(fa.score + fb.score, 12);
        expect([s.tp, s.fp, s.fn, s.tn]).toEqual([fa.tp + fb.tp, fa.fp + fb.fp, fa.fn + fb.fn, fa.tn + fb.tn]);
      }
    }
  });

  it('picks the threshold with the best corpus score', () => {
    // Window rows 8..11: row 9 at 0.8 (position -0.75), row 8 at 0.3; a false positive at row 14 (0.6).
    const scoresC = Array.from({ length: 20 }, (_, i) => ({ 8: 0.3, 9: 0.8, 14: 0.6 })[i] ?? 0);
    const c: NabFileInput = { ...file([]), anomalyScores: scoresC };
    const sweep = nabSweep([c], standard);
    expect(sweep.map((s) => s.threshold)).toEqual([Infinity, 0.8, 0.6, 0.3, 0]);
    const late = scaledSigmoid(-0.75) / scaledSigmoid(-1);
    const fp = scaledSigmoid(1) * 0.11;
    expect(sweep[1]!.score).toBeCloseTo(late, 12);
    expect(sweep[2]!.score).toBeCloseTo(late + fp, 12);
    expect(sweep[3]!.score).toBeCloseTo(1 + fp, 12);
    // 0.8 (0.967) beats 0.3 (1 − 0.109): the earlier catch is not worth the false positive.
    const best = nabOptimiseThreshold([c], standard);
    expect(best.threshold).toBe(0.8);
    expect(best.score).toBeCloseTo(0.9669890878000605, 12);
  });
});

// ---- Validation against NAB's published per-file results (needs ../shared/datasets/nab) ----

const repoRoot = path.resolve(import.meta.dirname, '../..');
const nabDir = path.resolve(repoRoot, '../shared/datasets/nab');
const nabExists = existsSync(path.join(nabDir, 'results/raw'));

interface Published {
  threshold: number;
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
}

function readPublished(detector: string, profile: NabProfileName): Map<string, Published> {
  const text = readFileSync(path.join(nabDir, `results/per_file_scores/${detector}_${profile}_scores.csv`), 'utf8');
  const out = new Map<string, Published>();
  for (const line of text.trim().split('\n').slice(1)) {
    const [, , name, threshold, score, tp, tn, fp, fn] = line.split(',');
    out.set(name!, { threshold: +threshold!, score: +score!, tp: +tp!, tn: +tn!, fp: +fp!, fn: +fn! });
  }
  return out;
}

function readRaw(file: string): { input: Omit<NabFileInput, 'windows'>; st: Record<string, number[]> } {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const col = (name: string): number => header.indexOf(name);
  const rows = lines.slice(1).map((l) => l.split(','));
  const st: Record<string, number[]> = {};
  for (const p of NAB_PROFILE_NAMES) st[p] = rows.map((r) => +r[col(`S(t)_${p}`)]!);
  return {
    input: { timestamps: rows.map((r) => parseNabTimestamp(r[0]!)), anomalyScores: rows.map((r) => +r[col('anomaly_score')]!) },
    st,
  };
}

describe('NAB scorer against published results', () => {
  it.skipIf(!nabExists)(
    'reproduces the published per-file Score, counts and S(t) rows of numenta, knncad and null, all profiles (needs ../shared/datasets/nab)',
    () => {
      const windowsJson = JSON.parse(readFileSync(path.join(nabDir, 'labels/combined_windows.json'), 'utf8')) as Record<
        string,
        [string, string][]
      >;
      let compared = 0;
      let maxDiff = 0;
      let maxRowDiff = 0;
      for (const detector of ['numenta', 'knncad', 'null']) {
        const published = Object.fromEntries(NAB_PROFILE_NAMES.map((p) => [p, readPublished(detector, p)]));
        for (const dir of readdirSync(path.join(nabDir, 'results/raw', detector))) {
          for (const name of readdirSync(path.join(nabDir, 'results/raw', detector, dir))) {
            const key = `${dir}/${name.slice(detector.length + 1)}`;
            const { input, st } = readRaw(path.join(nabDir, 'results/raw', detector, dir, name));
            const windows: NabWindow[] = windowsJson[key]!.map(([s, e]) => ({
              start: parseNabTimestamp(s),
              end: parseNabTimestamp(e),
            }));
            const full: NabFileInput = { ...input, windows };
            for (const profile of NAB_PROFILE_NAMES) {
              const pub = published[profile]!.get(key);
              expect(pub, `${detector} ${profile} ${key} published`).toBeDefined();
              const ours = nabScoreFile(full, pub!.threshold, NAB_PROFILES[profile]);
              const diff = Math.abs(ours.score - pub!.score);
              maxDiff = Math.max(maxDiff, diff);
              expect(diff, `${detector} ${profile} ${key}: ours ${ours.score} vs ${pub!.score}`).toBeLessThanOrEqual(1e-6);
              expect({ tp: ours.tp, tn: ours.tn, fp: ours.fp, fn: ours.fn }, `${detector} ${profile} ${key}`).toEqual({
                tp: pub!.tp,
                tn: pub!.tn,
                fp: pub!.fp,
                fn: pub!.fn,
              });
              const rows = nabRowScores(nabRowLayout(full, NAB_PROFILES[profile]), full.anomalyScores, pub!.threshold, NAB_PROFILES[profile]);
              rows.forEach((v, i) => {
                maxRowDiff = Math.max(maxRowDiff, Math.abs(v - st[profile]![i]!));
              });
              compared++;
            }
          }
        }
      }
      expect(compared).toBe(3 * 24 * 3);
      expect(maxRowDiff).toBeLessThanOrEqual(1e-9);
      expect(maxDiff).toBeLessThanOrEqual(1e-6);
    },
  );
});
