import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { generate } from '../simulator/generate';
import type { Scenario } from '../simulator/scenario';

const root = path.resolve(import.meta.dirname, '..');
const fixture = (name: string) => path.join(root, 'test/fixtures', name);

function harbinger(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/harbinger.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Bytes a terminal acts on: C0 controls but tab and newline, DEL, C1 controls, bidi overrides. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A log line that tries, in order: OSC 52 (clipboard), clear screen, window title, 8-bit CSI, backspace, DEL, a bidi override. */
const HOSTILE = 'GET \u001b]52;c;aGVsbG8=\u0007 \u001b[2J\u001b]0;pwned\u0007 \u009b31m x\u0008\u007f \u202edrow';

const scratch = () => mkdtempSync(path.join(os.tmpdir(), 'harbinger-cli-'));

describe('harbinger parse', () => {
  it('prints exactly one JSON object with the parse report and status counts', () => {
    const r = harbinger('parse', '--json', fixture('e2e/access-hostile.log'));
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ format: 'combined', lines: 43, parsed: 41, rejected: 1, warned: 1, skipped: 0 });
    expect(j.rejects).toEqual([{ file: fixture('e2e/access-hostile.log'), line: 21, reason: 'missing timestamp "[...]"', text: 'this is not an access log line' }]);
    expect(j.warnings.map((w: { line: number }) => w.line)).toEqual([31]);
    // 40 generated lines: i = 0, 10, 20, 30 are 500, i = 5, 6 are 404, the other 34 are 200; plus the hostile 404 and the kept truncated 200
    expect(j.status_counts).toEqual({ '200': 35, '404': 3, '500': 4 });
    expect(j.first_ts).toBe('2026-03-01T10:00:00.000Z');
    expect(j.last_ts).toBe('2026-03-01T11:57:00.000Z');
    expect(typeof j.elapsed_ms).toBe('number');
  });

  it('caps the listed rejects at 100 but not their count', () => {
    const r = harbinger('parse', '--json', '--format', 'combined', fixture('ingest/auth.log'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.parsed).toBe(0);
    expect(j.rejected).toBe(j.lines);
    expect(j.rejects.length).toBe(Math.min(100, j.lines));
  });

  it('reads several files of different formats', () => {
    const r = harbinger('parse', '--json', fixture('e2e/access-hostile.log'), fixture('ingest/auth.log'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.format).toBe('mixed');
    expect(j.files.map((f: { format: string }) => f.format)).toEqual(['combined', 'auth']);
  });

  it('fails with a message naming an unreadable file', () => {
    const r = harbinger('parse', '--json', fixture('does-not-exist.log'));
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('does-not-exist.log: no such file');
  });

  it('escapes control characters of rejected lines in the text report', () => {
    const dir = scratch();
    const log = path.join(dir, 'hostile.log');
    writeFileSync(log, `${HOSTILE}\n`);
    const r = harbinger('parse', '--format', 'combined', log);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(r.stdout).toContain('rejected line 1: ');
    expect(r.stdout).toContain(': GET \\e]52;c;aGVsbG8=\\x07 \\e[2J\\e]0;pwned\\x07 \\x9b31m x\\x08\\x7f \\u202edrow\n');
    rmSync(dir, { recursive: true, force: true });
  });

  it('escapes them in --json too (DEL, C1 and bidi as \\u escapes) and the text reads back unchanged', () => {
    const dir = scratch();
    const log = path.join(dir, 'hostile.log');
    writeFileSync(log, `${HOSTILE}\n`);
    const r = harbinger('parse', '--json', '--format', 'combined', log);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(JSON.parse(r.stdout).rejects[0].text).toBe(HOSTILE);
    rmSync(dir, { recursive: true, force: true });
  });

  it('escapes a file name that carries escape sequences, in the report and in an error', () => {
    const dir = scratch();
    const log = path.join(dir, 'a\u001b]0;title\u0007b.log');
    writeFileSync(log, 'not a log line\n');
    const r = harbinger('parse', '--format', 'combined', log);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(r.stdout).toContain('a\\e]0;title\\x07b.log: combined, 1 lines, 0 parsed, 1 rejected');
    const undetected = harbinger('parse', log);
    expect(undetected.code).toBe(1);
    expect(undetected.stderr).not.toMatch(TERMINAL_CONTROL);
    expect(undetected.stderr).toContain('a\\e]0;title\\x07b.log');
    const missing = harbinger('parse', path.join(dir, 'gone\u001b[2J.log'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).not.toMatch(TERMINAL_CONTROL);
    expect(missing.stderr).toContain('gone\\e[2J.log: no such file');
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the file when a gzip file is truncated', () => {
    const dir = scratch();
    const gz = path.join(dir, 'cut.log.gz');
    writeFileSync(gz, readFileSync(fixture('ingest/combined-gzip.log.gz')).subarray(0, 300));
    for (const args of [['parse', gz], ['parse', '--json', fixture('ingest/combined.log'), gz], ['evaluate', gz, '--labels', path.join(dir, 'none.csv')]]) {
      const r = harbinger(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      if (args[0] === 'parse') expect(r.stderr).toMatch(new RegExp(`^harbinger parse: ${gz.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*gzip`));
      else expect(r.stderr).toContain('none.csv: no such file');
    }
    const labels = path.join(dir, 'labels.csv');
    writeFileSync(labels, 'start,end,kind\n');
    const e = harbinger('evaluate', gz, '--labels', labels, '--detectors', 'robust-z');
    expect(e.code).toBe(1);
    expect(e.stderr).toContain(`harbinger evaluate: ${gz}: `);
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects an unknown format with the list of formats', () => {
    const r = harbinger('parse', '--format', 'xml', fixture('e2e/access-hostile.log'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid --format "xml"');
  });
});

describe('harbinger simulate', () => {
  const tmp = (name: string) => path.join(os.tmpdir(), `harbinger-sim-${process.pid}-${name}`);
  const digest = (dir: string, file: string) => createHash('sha256').update(readFileSync(path.join(dir, file))).digest('hex');

  it('lists the presets', () => {
    const r = harbinger('simulate', '--list');
    expect(r.code).toBe(0);
    for (const id of ['web-shop', 'ssh-attack', 'memory-leak', 'quiet-week']) expect(r.stdout).toContain(id);
  });

  it('writes logs, labels and the scenario; the same seed gives byte-identical files, another seed other files', () => {
    const a = tmp('a');
    const b = tmp('b');
    const c = tmp('c');
    for (const [dir, seed] of [[a, '7'], [b, '7'], [c, '8']]) {
      const r = harbinger('simulate', '--preset', 'web-shop', '--seed', seed, '--days', '0.25', '--rps', '1', '--out', dir, '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ preset: 'web-shop', seed: Number(seed) });
    }
    for (const f of ['access.log', 'auth.log', 'metrics.csv', 'labels.csv', 'incidents.json', 'scenario.json']) {
      expect(digest(a, f)).toBe(digest(b, f));
    }
    expect(digest(a, 'access.log')).not.toBe(digest(c, 'access.log'));
    // the writes overlap the generating: each file must still be the generator's chunks in order
    const scenarioA = JSON.parse(readFileSync(path.join(a, 'scenario.json'), 'utf8')) as Scenario;
    const chunks = [...generate(scenarioA)];
    expect(chunks.filter((ch) => ch.file === 'access.log').length).toBeGreaterThan(1);
    for (const f of ['access.log', 'auth.log', 'metrics.csv'] as const) {
      const h = createHash('sha256');
      for (const ch of chunks) if (ch.file === f) h.update(ch.bytes);
      expect(h.digest('hex')).toBe(digest(a, f));
    }
    expect(readFileSync(path.join(a, 'labels.csv'), 'utf8').split('\n')[0]).toBe('start,end,kind,phase');
    // what it writes, our parser reads completely
    const parsed = JSON.parse(harbinger('parse', '--json', path.join(a, 'access.log'), path.join(a, 'auth.log'), path.join(a, 'metrics.csv')).stdout);
    expect(parsed.rejected).toBe(0);
    expect(parsed.warned).toBe(0);
    // files are dated at the scenario's end, so auth.log's year-less times land in the scenario's year
    const scenario = JSON.parse(readFileSync(path.join(a, 'scenario.json'), 'utf8')) as { start: number };
    const auth = JSON.parse(harbinger('parse', '--json', path.join(a, 'auth.log')).stdout);
    expect(auth.first_ts.slice(0, 4)).toBe(String(new Date(scenario.start).getUTCFullYear()));
    for (const d of [a, b, c]) rmSync(d, { recursive: true, force: true });
  });

  it('estimates the size first and refuses a huge run without --force, writing nothing', () => {
    const out = tmp('huge');
    const r = harbinger('simulate', '--preset', 'web-shop', '--days', '366', '--rps', '100000', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/would write ≈ [\d,]+ lines, [\d.]+ (TB|PB) to .*; above 1\.0 GB it needs --force/);
    expect(existsSync(out)).toBe(false);
    // --force lifts the size limit but not the free space of the disk
    const forced = harbinger('simulate', '--preset', 'web-shop', '--days', '366', '--rps', '100000', '--out', out, '--force');
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/would write .* but .* has [\d.]+ \w+ free/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to overwrite existing files without --force, and overwrites them with it', () => {
    const out = scratch();
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const args = ['simulate', '--preset', 'quiet-week', '--days', '0.1', '--rps', '0.2', '--out', out, '--json'];
    const first = harbinger(...args, '--seed', '1');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).estimate).toMatchObject({ lines: expect.any(Number), bytes: expect.any(Number) });
    const before = digest(out, 'access.log');
    const again = harbinger(...args, '--seed', '2');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${out} already holds access.log, auth.log, metrics.csv, labels.csv, incidents.json, scenario.json: pass --force to overwrite`);
    expect(digest(out, 'access.log')).toBe(before);
    const forced = harbinger(...args, '--seed', '2', '--force');
    expect(forced.code).toBe(0);
    expect(digest(out, 'access.log')).not.toBe(before);
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
    rmSync(out, { recursive: true, force: true });
  });

  it('refuses an --out that is a file, naming it', () => {
    const dir = scratch();
    const file = path.join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    const r = harbinger('simulate', '--preset', 'quiet-week', '--days', '0.1', '--out', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: not a directory`);
    expect(statSync(file).size).toBe(1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unknown preset and a bad number, naming them', () => {
    expect(harbinger('simulate', '--preset', 'nope', '--out', tmp('x')).stderr).toContain('--preset must be one of');
    const r = harbinger('simulate', '--preset', 'web-shop', '--days', 'lots', '--out', tmp('y'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid --days "lots"');
  });
});

describe('harbinger evaluate', () => {
  it('evaluates simulated logs against their labels and prints one JSON object with every metric', () => {
    const dir = path.join(os.tmpdir(), `harbinger-eval-${process.pid}`);
    expect(harbinger('simulate', '--preset', 'web-shop', '--seed', '3', '--days', '2', '--rps', '0.5', '--out', dir).code).toBe(0);
    const r = harbinger('evaluate', ...['access.log', 'auth.log', 'metrics.csv'].map((f) => path.join(dir, f)), '--labels', path.join(dir, 'labels.csv'), '--json', '--detectors', 'robust-z,ewma');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.windows).toBe(2 * 1440);
    expect(j.detectors.map((d: { name: string }) => d.name)).toEqual(['robust-z', 'ewma']);
    const keys = ['name', 'precision', 'recall', 'f1', 'pr_auc', 'vus_pr', 'range_precision', 'range_recall', 'events_detected', 'events_total', 'false_alarms_per_day', 'median_lead_s', 'threshold', 'threshold_rule', 'oracle_f1', 'fit_ms', 'score_ms', 'confusion', 'by_kind', 'error', 'alarms'];
    for (const d of j.detectors) expect(Object.keys(d).sort()).toEqual([...keys].sort());
    // recall per failure kind adds up to the event totals
    for (const d of j.detectors) {
      const kinds = Object.values(d.by_kind as Record<string, { detected: number; total: number }>);
      expect(kinds.reduce((a, k) => a + k.total, 0)).toBe(d.events_total);
      expect(kinds.reduce((a, k) => a + k.detected, 0)).toBe(d.events_detected);
    }
    // incidents counted are exactly the labeled failures that overlap the test span
    const split = Date.parse(j.split_time);
    const failures = readFileSync(path.join(dir, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).filter((f) => f[3] === 'failure');
    const inTest = failures.filter((f) => Date.parse(f[1]) > split).length;
    expect(j.detectors[0].events_total).toBe(inTest);
    // alarms: ISO times on the test span, peak inside the event, at or above the threshold
    expect(j.detectors.reduce((n: number, d: { alarms: unknown[] }) => n + d.alarms.length, 0)).toBeGreaterThan(0);
    for (const d of j.detectors) {
      for (const a of d.alarms as { start: string; end: string; peak_at: string; peak: number }[]) {
        expect(a.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(Date.parse(a.start)).toBeGreaterThanOrEqual(split);
        expect(Date.parse(a.peak_at)).toBeGreaterThanOrEqual(Date.parse(a.start));
        expect(Date.parse(a.peak_at)).toBeLessThan(Date.parse(a.end));
        expect(a.peak).toBeGreaterThanOrEqual(d.threshold);
      }
      // every detected incident has an alarm overlapping [failure start − margin, failure end]
      expect(d.alarms.length).toBeGreaterThanOrEqual(d.events_detected);
    }
    // --split-at: the split moves to the given time; a bad time or both options are refused
    const at = new Date(Date.parse(j.split_time) + 6 * 3_600_000).toISOString();
    const c = harbinger('evaluate', ...['access.log', 'auth.log', 'metrics.csv'].map((f) => path.join(dir, f)), '--labels', path.join(dir, 'labels.csv'), '--json', '--detectors', 'ewma', '--split-at', at);
    expect(c.stderr).toBe('');
    expect(JSON.parse(c.stdout).split_time).toBe(at);
    expect(JSON.parse(c.stdout).train_windows).toBe(j.train_windows + 360);
    expect(harbinger('evaluate', path.join(dir, 'access.log'), '--labels', 'x.csv', '--split-at', 'tomorrow').stderr).toContain('invalid --split-at "tomorrow"');
    expect(harbinger('evaluate', path.join(dir, 'access.log'), '--labels', 'x.csv', '--split-at', at, '--train-fraction', '0.5').stderr).toContain('not both');
    expect(harbinger('evaluate', path.join(dir, 'access.log'), '--labels', 'x.csv', '--post', 'magic').stderr).toContain('invalid --post "magic"');
    const b = harbinger('evaluate', ...['access.log', 'auth.log', 'metrics.csv'].map((f) => path.join(dir, f)), '--labels', path.join(dir, 'labels.csv'), '--json', '--detectors', 'robust-z', '--threshold', 'alarm-budget', '--alarms-per-day', '2');
    expect(b.stderr).toBe('');
    expect(JSON.parse(b.stdout).detectors[0].threshold_rule).toBe('at most 2 alarms/day on the training span');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unknown detector and a missing labels file, naming them', () => {
    const log = path.join(root, 'test/fixtures/e2e/access-hostile.log');
    expect(harbinger('evaluate', log, '--labels', 'x.csv', '--detectors', 'magic').stderr).toContain('unknown detector(s): magic');
    const r = harbinger('evaluate', log, '--labels', path.join(root, 'nope.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope.csv: no such file');
    const bad = harbinger('evaluate', log, '--labels', 'x.csv', '--threshold', 'alarm-budget', '--alarms-per-day', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --alarms-per-day "0"');
    expect(harbinger('evaluate', log, '--labels', 'x.csv', '--threshold', 'quantile', '--alarms-per-day', '2').stderr).toContain('--alarms-per-day goes with --threshold alarm-budget');
    expect(harbinger('evaluate', log, '--labels', 'x.csv', '--threshold', 'lucky').stderr).toContain('invalid --threshold "lucky"');
    const gpu = harbinger('evaluate', log, '--labels', 'x.csv', '--detectors', 'autoencoder', '--tf-backend', 'gpu');
    expect(gpu.code).toBe(2);
    expect(gpu.stderr).toContain('invalid --tf-backend "gpu" (wasm or cpu)');
  });
});
