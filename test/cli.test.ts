import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const fixture = (name: string) => path.join(root, 'test/fixtures', name);

function harbinger(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/harbinger.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('harbinger parse', () => {
  it('prints exactly one JSON object with the parse report and status counts', () => {
    const r = harbinger('parse', '--json', fixture('e2e/access-hostile.log'));
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ format: 'combined', lines: 43, parsed: 42, rejected: 1, warned: 1, skipped: 0 });
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

  it('rejects an unknown format with the list of formats', () => {
    const r = harbinger('parse', '--format', 'xml', fixture('e2e/access-hostile.log'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid --format "xml"');
  });
});
