/**
 * Golden files: every input in test/fixtures/ingest/ is parsed and compared with
 * `<case>.expected.json` (case = file name up to its first dot). `UPDATE_GOLDEN=1 npx vitest run
 * lib/ingest/golden.test.ts` rewrites the expected files; do that locally, on purpose, and read
 * the diff (never on CI). combined-gzip.log.gz is combined.log as two gzip members (Node zlib).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestBytes, type Row } from './testing';
import type { ParseOptions } from './types';

const DIR = path.resolve(import.meta.dirname, '../../test/fixtures/ingest');
const UPDATE = process.env.UPDATE_GOLDEN === '1' && process.env.CI !== 'true';
/** Every case sees the same file time, so default syslog years are stable. */
const LAST_MODIFIED = Date.UTC(2024, 5, 1);
const OPTIONS: Record<string, Partial<ParseOptions>> = {
  auth: { year: 2023 },
};

const inputs = readdirSync(DIR).filter((f) => !f.endsWith('.expected.json')).sort();

function stringify(v: { report: object; table: string | null; rows: Row[] }): string {
  // one row per line keeps the golden files readable and their diffs small
  const rows = v.rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  const head = JSON.stringify({ report: v.report, table: v.table }, null, 2).slice(0, -2);
  return `${head},\n  "rows": [\n${rows}\n  ]\n}\n`;
}

describe('golden ingest', () => {
  it('has fixtures', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(8);
  });

  for (const file of inputs) {
    const kase = file.slice(0, file.indexOf('.'));
    it(file, async () => {
      const bytes = new Uint8Array(readFileSync(path.join(DIR, file)));
      const options = { format: 'auto' as const, batchSize: 7, ...OPTIONS[kase] };
      // tiny chunks split lines, \r\n pairs and multi-byte characters; results must not change
      const runs = await Promise.all(
        [13, 1, bytes.length || 1].map((size) => ingestBytes(file, bytes, options, size, LAST_MODIFIED)),
      );
      const { elapsedMs, ...report } = runs[0].report;
      expect(elapsedMs).toBeGreaterThanOrEqual(0);
      expect(runs[0].tables.length).toBeLessThanOrEqual(1);
      const actual = JSON.parse(stringify({ report, table: runs[0].tables[0] ?? null, rows: runs[0].rows }));
      for (const r of runs.slice(1)) expect(r.rows).toEqual(runs[0].rows);
      const target = path.join(DIR, `${kase}.expected.json`);
      if (UPDATE) writeFileSync(target, stringify({ report, table: runs[0].tables[0] ?? null, rows: runs[0].rows }));
      expect(actual).toEqual(JSON.parse(readFileSync(target, 'utf8')));
    });
  }
});
