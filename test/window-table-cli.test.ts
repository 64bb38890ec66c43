/**
 * Detectors on a window table: `harbinger features LOG… --out` and `harbinger evaluate --windows`
 * give the same results as `harbinger evaluate LOG…` (the table carries every value the detectors
 * read; Parquet keeps each double as is, and so does DuckDB's CSV, read back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const harbinger = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/harbinger.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('harbinger features --out and evaluate --windows', () => {
  let dir: string;
  let logs: string[];
  let fromLogs: { windows: number; detectors: Record<string, unknown>[] };
  const untimed = (ds: Record<string, unknown>[]) => ds.map((d) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'fit_ms' && k !== 'score_ms')));

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-wt-'));
    const sim = harbinger('simulate', '--preset', 'web-shop', '--seed', '5', '--days', '3', '--rps', '0.05', '--out', dir);
    expect(sim.code, sim.stderr).toBe(0);
    logs = ['access.log', 'auth.log', 'metrics.csv'].map((f) => path.join(dir, f));
    const ev = harbinger('evaluate', ...logs, '--labels', path.join(dir, 'labels.csv'), '--detectors', 'robust-z,ewma', '--json');
    expect(ev.code, ev.stderr).toBe(0);
    fromLogs = JSON.parse(ev.stdout);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const ext of ['parquet', 'csv']) {
    it(`gives the same detector results from a .${ext} window table as from the logs`, () => {
      const out = path.join(dir, `windows.${ext}`);
      const fe = harbinger('features', ...logs, '--out', out);
      expect(fe.code, fe.stderr).toBe(0);
      expect(fe.stdout).toMatch(new RegExp(`windows\\.${ext}: ${fromLogs.windows} windows of 60 s × \\d+ features`));
      const ev = harbinger('evaluate', '--windows', out, '--labels', path.join(dir, 'labels.csv'), '--detectors', 'robust-z,ewma', '--json');
      expect(ev.code, ev.stderr).toBe(0);
      const j = JSON.parse(ev.stdout);
      expect(j.windows).toBe(fromLogs.windows);
      expect(untimed(j.detectors)).toEqual(untimed(fromLogs.detectors));
    });
  }

  it('names the file and the row of a broken window table', () => {
    const csv = path.join(dir, 'windows.csv');
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    const broken = path.join(dir, 'broken.csv');
    // drop the 5th window: the 6th is then two windows after the one before
    writeFileSync(broken, [...lines.slice(0, 5), ...lines.slice(6)].join('\n') + '\n');
    const ev = harbinger('evaluate', '--windows', broken, '--labels', path.join(dir, 'labels.csv'), '--detectors', 'robust-z');
    expect(ev.code).toBe(1);
    expect(ev.stderr).toMatch(/broken\.csv: row 6: ts .* is not one window \(60 s\) after the row before/);
  });
});
