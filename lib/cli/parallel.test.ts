import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { openNative } from '../db/native';
import { createSchema } from '../db/schema';
import { loadSources, type LoadOptions } from '../jobs/load';
import type { IngestReport } from '../ingest/ingest';
import { fileInput } from './files';
import { parallelIngest } from './parallel';
import { sliceFixture as fixture } from '../ingest/testing';

const dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(file: string, options: Partial<LoadOptions>) {
  const db = await openNative(':memory:', { threads: 1 });
  try {
    await createSchema(db);
    const [report] = await loadSources(db, [await fileInput(file)], { format: 'auto', latencyUnit: 'auto', maxRejects: 50, limits: { maxLineChars: 2000 }, ...options });
    const rows = await db.query('SELECT * FROM requests ORDER BY ALL');
    const rejects = await db.query('SELECT * FROM parse_rejects ORDER BY line');
    const warnings = await db.query('SELECT * FROM parse_warnings ORDER BY line');
    return { report: { ...(report as IngestReport), elapsedMs: 0 }, rows, rejects, warnings };
  } finally {
    await db.close();
  }
}

describe('parse --threads: slices parsed in worker threads', () => {
  const file = path.join(dir, 'access.log');
  writeFileSync(file, fixture(4000));

  it('gives the sequential report, rows, rejects and warnings exactly', async () => {
    const one = await load(file, {});
    expect(one.report.rejected).toBeGreaterThan(50); // more than maxRejects: the kept list is cut the same way
    expect(one.report.warned).toBeGreaterThan(0);
    expect(one.report.skipped + one.report.parsed + one.report.warned + one.report.rejected).toBe(one.report.lines);
    for (const [threads, sliceBytes] of [[2, 8192], [3, 50_000]]) {
      const many = await load(file, { ingestFile: parallelIngest(threads, sliceBytes) });
      expect(many.report).toEqual(one.report);
      expect(many.rows).toEqual(one.rows);
      expect(many.rejects).toEqual(one.rejects);
      expect(many.warnings).toEqual(one.warnings);
    }
  }, 60_000);

  it('leaves gzip and formats with line-to-line state to the sequential driver', async () => {
    const auth = path.join(dir, 'auth.log');
    writeFileSync(auth, 'Mar  1 10:00:00 host sshd[1]: Failed password for root from 10.0.0.1 port 22 ssh2\n'.repeat(2000));
    const seq = await load(auth, { year: 2026 });
    const par = await load(auth, { year: 2026, ingestFile: parallelIngest(2, 4096) });
    expect(par.report).toEqual(seq.report);
    expect(par.report.format).toBe('auth');
  });

  it('refuses a thread count that is not a positive whole number', () => {
    expect(() => parallelIngest(0)).toThrow('invalid --threads: 0');
    expect(() => parallelIngest(1.5)).toThrow('invalid --threads: 1.5');
  });
});

describe('harbinger parse --threads (the compiled CLI and its compiled worker)', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../bin/harbinger.mjs'), 'parse', ...args], { encoding: 'utf8' });

  it('prints the same JSON report with 2 threads as with 1 on a file of several 8 MiB slices', () => {
    const file = path.join(dir, 'big.log');
    writeFileSync(file, fixture(150_000)); // ≈ 19 MB: three slices
    const one = cli('--json', file);
    const two = cli('--json', '--threads', '2', file);
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    const drop = (j: { lines: number; elapsed_ms: number }) => ({ ...j, elapsed_ms: 0 });
    const a = drop(JSON.parse(one.stdout));
    expect(a.lines).toBeGreaterThan(140_000); // fewer than pushed: a lone CR before a blank line's LF makes one CRLF
    expect(drop(JSON.parse(two.stdout))).toEqual(a);
  }, 180_000);

  it('refuses a bad --threads, naming it', () => {
    const r = cli('--threads', '0', 'x.log');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('invalid --threads "0"');
  });
});
