import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';

const root = path.resolve(import.meta.dirname, '..');

function harbinger(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/harbinger.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const T0 = Date.UTC(2020, 0, 1);
const STEP = 5 * 60_000;
const ts = (i: number) => new Date(T0 + i * STEP).toISOString().replace('T', ' ').replace('Z', '').slice(0, 19);

/** 300 rows of a gentle deterministic wave with one spike at row `spike`. */
function series(spike: number): string {
  const rows = ['timestamp,value'];
  for (let i = 0; i < 300; i++) rows.push(`${ts(i)},${i === spike ? 100 : (10 + Math.sin(i / 7) + 0.3 * Math.cos(i / 3)).toFixed(4)}`);
  return rows.join('\n') + '\n';
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-nab-'));
  mkdirSync(path.join(dir, 'catA'));
  mkdirSync(path.join(dir, 'labels'));
  mkdirSync(path.join(dir, 'results', 'per_file_scores'), { recursive: true });
  writeFileSync(path.join(dir, 'catA', 'a.csv'), series(200));
  writeFileSync(path.join(dir, 'catA', 'b.csv'), series(160));
  writeFileSync(path.join(dir, 'catA', 'unlabelled.csv'), series(100));
  const windows = {
    'catA/a.csv': [[`${ts(190)}.000000`, `${ts(220)}.000000`]],
    'catA/b.csv': [[`${ts(150)}.000000`, `${ts(170)}.000000`]],
    'catB/absent.csv': [[`${ts(10)}.000000`, `${ts(20)}.000000`]],
  };
  writeFileSync(path.join(dir, 'labels', 'combined_windows.json'), JSON.stringify(windows));
  // A fake published detector; the row for a file not in DIR and the Totals row must be ignored.
  const published: Record<string, [number, number]> = { standard: [0.5, -1], reward_low_FP_rate: [0.25, 0.25], reward_low_FN_rate: [-2, 1] };
  for (const [profile, [a, b]] of Object.entries(published)) {
    const lines = [
      'Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count',
      `fake,${profile},catA/a.csv,0.5,${a},1,2,3,4,300`,
      `fake,${profile},catB/absent.csv,0.5,7,1,2,3,4,300`,
      `fake,${profile},catA/b.csv,0.5,${b},1,2,3,4,300`,
      `Totals,,,,99,0,0,0,0,0`,
    ];
    writeFileSync(path.join(dir, 'results', 'per_file_scores', `fake_${profile}_scores.csv`), lines.join('\n') + '\n');
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('harbinger nab', () => {
  it('scores our detectors and the published ones on the same labelled files', () => {
    const r = harbinger('nab', dir, '--detectors', 'robust-z,isolation-forest', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('catA/unlabelled.csv');
    const j = JSON.parse(r.stdout);
    expect(j.files).toBe(2);
    expect(j.windows).toBe(2);
    expect(j.per_file.map((f: { file: string }) => f.file)).toEqual(['catA/a.csv', 'catA/b.csv']);
    // robust-z sees the spike in both windows: better than the null detector in every profile
    for (const p of ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate']) {
      expect(j.profiles[p].ours['robust-z']).toBeGreaterThan(0);
      expect(j.profiles[p].ours['robust-z']).toBeLessThanOrEqual(100);
    }
    // hand-computed: 2 windows; standard null −2, perfect 2; low FN null −4, perfect 2
    expect(j.profiles.standard.published.fake).toBeCloseTo((100 * (0.5 - 1 + 2)) / 4, 10);
    expect(j.profiles.reward_low_FP_rate.published.fake).toBeCloseTo((100 * (0.5 + 2)) / 4, 10);
    expect(j.profiles.reward_low_FN_rate.published.fake).toBeCloseTo((100 * (-1 + 4)) / 6, 10);
    expect(j.per_file[0].published.fake.standard).toBe(0.5);
    // the per-file raw scores add up to the normalised total
    const raw = j.per_file.reduce((s: number, f: { ours: Record<string, { standard: number }> }) => s + f.ours['robust-z']!.standard, 0);
    expect(j.profiles.standard.ours['robust-z']).toBeCloseTo((100 * (raw + 2)) / 4, 10);
  }, 60_000);

  it('is deterministic for a seed and prints a labelled table', () => {
    const a = JSON.parse(harbinger('nab', dir, '--detectors', 'isolation-forest', '--seed', '7', '--json').stdout);
    const b = JSON.parse(harbinger('nab', dir, '--detectors', 'isolation-forest', '--seed', '7', '--json').stdout);
    expect(a.profiles).toEqual(b.profiles);
    const t = harbinger('nab', dir, '--detectors', 'robust-z');
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^ours\s+robust-z/m);
    expect(t.stdout).toMatch(/^published\s+fake\s+37\.5\s+62\.5\s+50\.0/m);
  }, 60_000);

  it('rejects an unknown detector and a missing directory', () => {
    const u = harbinger('nab', dir, '--detectors', 'nope');
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('unknown detector(s): nope');
    const m = harbinger('nab', path.join(dir, 'missing'));
    expect(m.code).toBe(1);
    expect(m.stderr).toContain('no such file');
  }, 60_000);
});
