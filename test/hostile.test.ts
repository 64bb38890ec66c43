/**
 * The hostile ingest corpus (test/fixtures/hostile/, made by generate.ts there) through the Node
 * ingest path into both engines (native DuckDB and duckdb-wasm), and through `harbinger parse
 * --json`. Every case ends in a message naming the file, or in accounting that closes
 * (lines = parsed + warned + rejected + skipped) with every kept row in its table and every
 * reject and warning in theirs. The big cases — a 100 MB line, a gzip bomb — are generated here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../lib/db/db';
import { loadSources } from '../lib/jobs/load';
import { openNative } from '../lib/db/native';
import { createSchema } from '../lib/db/schema';
import { openWasmNode } from '../lib/db/wasm-node';
import { ingest } from '../lib/ingest/ingest';
import { chunksOf } from '../lib/ingest/testing';
import type { FormatChoice, LogFormat, ParseReport } from '../lib/ingest/types';

const root = path.resolve(import.meta.dirname, '..');
const DIR = path.join(root, 'test/fixtures/hostile');
const read = (file: string) => new Uint8Array(readFileSync(path.join(DIR, file)));

interface Counts {
  format: LogFormat;
  lines: number;
  parsed: number;
  warned: number;
  rejected: number;
  skipped: number;
  /** rows in the format's table (metric CSV lines give one row per value) */
  rows?: number;
}

interface Case {
  file: string;
  format?: FormatChoice;
  expect: Counts | RegExp;
  /** reasons by line number, matched against the report */
  reasons?: Record<number, RegExp>;
  /** SQL that must return n = 1 after the load (what a value looks like once stored) */
  stored?: string[];
}

const TABLE: Record<LogFormat, string> = { combined: 'requests', common: 'requests', jsonl: 'requests', auth: 'auth_events', 'metrics-csv': 'metrics' };
const c = (format: LogFormat, lines: number, parsed: number, warned: number, rejected: number, skipped: number, rows?: number): Counts => ({
  format,
  lines,
  parsed,
  warned,
  rejected,
  skipped,
  rows,
});

const CASES: Case[] = [
  { file: 'binary-junk.bin', expect: /^cannot detect the log format in binary-junk\.bin: no format parses most/ },
  { file: 'binary-junk.bin', format: 'combined', expect: c('combined', 30, 0, 0, 30, 0) },
  { file: 'binary-junk.bin', format: 'metrics-csv', expect: c('metrics-csv', 30, 0, 0, 28, 2, 0) },
  {
    file: 'nul-bytes.log',
    expect: c('combined', 6, 5, 0, 1, 0),
    reasons: { 4: /^missing client address$/ },
    stored: [`SELECT count(*) AS n FROM requests WHERE user_agent = 'Mozilla' || chr(0) || '/5.0'`, `SELECT count(*) AS n FROM requests WHERE path = '/a' || chr(0) || 'b'`],
  },
  {
    file: 'invalid-utf8.log',
    expect: c('combined', 5, 4, 1, 0, 0),
    reasons: { 5: /^user agent has no closing quote/ },
    stored: [`SELECT count(*) AS n FROM requests WHERE user_agent = 'A' || chr(65533) || 'B'`, `SELECT count(*) AS n FROM requests WHERE user_agent = 'cut' || chr(65533)`],
  },
  { file: 'cr-only.log', expect: c('combined', 302, 302, 0, 0, 0) },
  { file: 'glued.log', expect: c('combined', 4, 2, 2, 0, 0), reasons: { 2: /second record seems glued on/, 3: /second record seems glued on/ } },
  { file: 'glued.jsonl', expect: c('jsonl', 4, 2, 2, 0, 0), reasons: { 2: /second JSON object seems glued on/, 3: /text after the JSON object: "and then some"/ } },
  { file: 'glued-auth.log', expect: c('auth', 3, 2, 1, 0, 0), reasons: { 2: /second record seems glued on/ } },
  { file: 'glued.csv', expect: c('metrics-csv', 4, 1, 1, 1, 1, 4), reasons: { 3: /not a number in column "mem"/, 4: /1 field\(s\) after the last column "mem": "9" ignored/ } },
  { file: 'mixed-formats.log', expect: c('combined', 10, 6, 0, 4, 0) },
  { file: 'mixed-formats.log', format: 'auth', expect: c('auth', 10, 1, 0, 9, 0) },
  { file: 'out-of-range.log', expect: /^cannot detect the log format in out-of-range\.log: .*out of range/ },
  {
    file: 'out-of-range.log',
    format: 'combined',
    expect: c('combined', 8, 2, 0, 6, 0),
    reasons: { 2: /^size .* is out of range/, 3: /^status "999" is out of range/, 4: /^status "000" is out of range/, 5: /^request time .* out of range/, 6: /outside the years 1900–9999/, 7: /^size .* is out of range/ },
  },
  {
    file: 'out-of-range.jsonl',
    format: 'jsonl',
    expect: c('jsonl', 10, 2, 0, 8, 0),
    reasons: { 2: /outside the years/, 3: /outside the years/, 4: /^bad timestamp/, 5: /^bytes .* out of range/, 6: /^bytes -5/, 7: /^status 70000/, 8: /^latency_ms/, 9: /^request_time -0.5/ },
  },
  { file: 'out-of-range.csv', format: 'metrics-csv', expect: c('metrics-csv', 6, 2, 0, 3, 1, 2), reasons: { 3: /outside the years/, 4: /outside the years/, 5: /not a number/ } },
  { file: 'out-of-range-auth.log', format: 'auth', expect: c('auth', 4, 1, 0, 3, 0), reasons: { 2: /^process id/, 3: /^port 9999999/, 4: /outside the years/ } },
  {
    file: 'script-formula.log',
    expect: c('combined', 8, 8, 0, 0, 0),
    stored: [
      `SELECT count(*) AS n FROM requests WHERE user_agent = '<script>alert(1)</script>'`,
      `SELECT count(*) AS n FROM requests WHERE referrer = '=HYPERLINK(''http://evil.example'',''click'')'`,
      `SELECT count(*) AS n FROM requests WHERE user_agent = chr(27) || ']0;pwned' || chr(7) || chr(27) || '[2J'`,
    ],
  },
  {
    file: 'script-formula.jsonl',
    expect: c('jsonl', 3, 3, 0, 0, 0),
    // a lone surrogate cannot be UTF-8: both engines store U+FFFD in its place
    stored: [`SELECT count(*) AS n FROM requests WHERE user_agent = 'lone ' || chr(65533) || ' surrogate'`, `SELECT count(*) AS n FROM requests WHERE path = '/' || chr(0) || 'nul'`],
  },
  { file: 'script-formula.csv', expect: c('metrics-csv', 3, 2, 0, 0, 1, 4), stored: [`SELECT count(DISTINCT name) AS n FROM metrics WHERE name IN ('=cmd|calc!A0') `] },
  { file: 'truncated.log.gz', expect: /^truncated\.log\.gz: gzip data is corrupt or truncated after \d+ compressed bytes/ },
  { file: 'truncated-trailer.log.gz', expect: /^truncated-trailer\.log\.gz: gzip data is truncated/ },
  { file: 'empty.log', expect: /^cannot detect the log format in empty\.log: no non-blank lines/ },
  { file: 'empty.log', format: 'combined', expect: c('combined', 0, 0, 0, 0, 0) },
  { file: 'blank-lines.log', format: 'jsonl', expect: c('jsonl', 4, 0, 0, 0, 4) },
  { file: 'blank-lines.log', format: 'combined', expect: c('combined', 4, 0, 0, 4, 0) },
  { file: 'bom-only.log', format: 'combined', expect: c('combined', 0, 0, 0, 0, 0) },
];

function input(file: string, bytes: Uint8Array = read(file), chunk = 61) {
  return { name: file, size: bytes.length, lastModified: Date.UTC(2024, 5, 1), chunks: chunksOf(bytes, chunk) };
}

async function count(db: Db, sql: string): Promise<number> {
  return Number((await db.query(sql))[0].n);
}

function checkReport(r: ParseReport, want: Counts, reasons: Record<number, RegExp> = {}): void {
  expect({ format: r.format, lines: r.lines, parsed: r.parsed, warned: r.warned, rejected: r.rejected, skipped: r.skipped }).toEqual({ ...want, rows: undefined, format: want.format });
  expect(r.parsed + r.warned + r.rejected + r.skipped).toBe(r.lines);
  const issues = new Map([...r.rejects, ...r.warnings].map((x) => [x.line, x.reason]));
  for (const [line, re] of Object.entries(reasons)) expect(issues.get(Number(line))).toMatch(re);
}

describe.each([
  ['native DuckDB', () => openNative()],
  ['duckdb-wasm', () => openWasmNode()],
] as const)('hostile corpus → %s', (_label, open) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
    await createSchema(db);
  });
  afterAll(async () => {
    await db.close();
  });

  for (const k of CASES) {
    it(`${k.file}${k.format ? ` as ${k.format}` : ''}`, async () => {
      const load = loadSources(db, [input(k.file)], { format: k.format ?? 'auto' });
      if (k.expect instanceof RegExp) {
        await expect(load).rejects.toThrow(k.expect);
        return;
      }
      const [report] = await load;
      checkReport(report, k.expect, k.reasons);
      const rows = await count(db, `SELECT count(*) AS n FROM ${TABLE[k.expect.format]}`);
      expect(rows).toBe(k.expect.rows ?? k.expect.parsed + k.expect.warned);
      expect(await count(db, 'SELECT count(*) AS n FROM parse_rejects')).toBe(k.expect.rejected);
      expect(await count(db, 'SELECT count(*) AS n FROM parse_warnings')).toBe(k.expect.warned);
      for (const sql of k.stored ?? []) expect(await count(db, sql), sql).toBe(1);
    });
  }

  it('refuses an upload over the row cap, counting rows across its files, and points to the CLI', async () => {
    const files = () => [input('cr-only.log'), input('glued.log')];
    await expect(loadSources(db, files(), { format: 'combined', maxRows: 303 })).rejects.toThrow(
      /^glued\.log: this upload has more than 303 rows, the most one upload may load in a browser tab\. .*npx harbinger parse/,
    );
    const reports = await loadSources(db, files(), { format: 'combined', maxRows: 306 });
    expect(reports.map((r) => r.parsed + r.warned)).toEqual([302, 4]);
  });
});

const access = (i: number) => `10.0.0.${i} - - [10/Oct/2023:13:55:0${i} +0000] "GET /x HTTP/1.1" 200 5 "-" "ua" 0.001`;

/** A multi-member gzip bomb: `members` × 8 MiB of one byte from ≈ 8 KiB each (node:zlib: fflate takes seconds to deflate this). */
function gzipBomb(members: number, byte: number): Uint8Array {
  const member = gzipSync(Buffer.alloc(8 << 20, byte), { level: 9 });
  return Buffer.concat(Array.from({ length: members }, () => member));
}

describe('hostile inputs generated in the test', () => {
  it('rejects a 100 MB line with its number and length, and reads the lines around it', async () => {
    const head = new TextEncoder().encode(`${access(1)}\n`);
    const tail = new TextEncoder().encode(`\n${access(2)}\n`);
    const bytes = new Uint8Array(head.length + 100 * 2 ** 20 + tail.length);
    bytes.set(head);
    bytes.fill(0x41, head.length, head.length + 100 * 2 ** 20);
    bytes.set(tail, bytes.length - tail.length);
    const r = await ingest(input('long.log', bytes, 4 * 2 ** 20), { format: 'auto', onBatch: () => {} });
    expect([r.format, r.lines, r.parsed, r.rejected]).toEqual(['combined', 3, 2, 1]);
    expect(r.rejects[0]).toMatchObject({ line: 2, reason: 'line is longer than the 1,048,576-character limit (104,857,600 characters); skipped to the next line break' });
    expect(r.rejects[0].text).toBe('A'.repeat(500));
  });

  it('stops a gzip bomb (1 GiB from 1 MB) early, naming the file', async () => {
    const bomb = gzipBomb(128, 0x0a);
    await expect(ingest(input('bomb.gz', bomb, 2 ** 20), { format: 'jsonl', onBatch: () => {} })).rejects.toThrow(/^bomb\.gz: stopped decompressing: .*gzip bomb/);
  });
});

describe('harbinger parse on hostile files', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'harbinger-hostile-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  function harbinger(...args: string[]) {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/harbinger.mjs'), 'parse', ...args], { cwd: root, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('accounts for every line of the damaged text files', () => {
    const files = ['cr-only.log', 'nul-bytes.log', 'invalid-utf8.log', 'glued.log', 'script-formula.log'].map((f) => path.join(DIR, f));
    const r = harbinger('--json', ...files);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const f of j.files) expect(f.parsed + f.warned + f.rejected + f.skipped).toBe(f.lines);
    expect(j.files.map((f: { lines: number }) => f.lines)).toEqual([302, 6, 5, 4, 8]);
  });

  it('names a truncated .gz in its error', () => {
    for (const f of ['truncated.log.gz', 'truncated-trailer.log.gz']) {
      const r = harbinger('--json', path.join(DIR, f));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^harbinger parse: ${path.join(DIR, f).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: gzip data is (corrupt or )?truncated`));
    }
  });

  it('stops a gzip bomb and names it', () => {
    const file = path.join(tmp, 'bomb.log.gz');
    writeFileSync(file, gzipBomb(128, 0x41));
    const r = harbinger(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: stopped decompressing`);
  });

  it('rejects a 100 MB line and goes on', () => {
    const file = path.join(tmp, 'long.log');
    writeFileSync(file, `${access(1)}\n${'B'.repeat(100 * 2 ** 20)}\n${access(2)}\n`);
    const r = harbinger('--json', file);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect([j.lines, j.parsed, j.rejected]).toEqual([3, 2, 1]);
    expect(j.rejects[0].line).toBe(2);
  });
});
