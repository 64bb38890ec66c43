/**
 * Property: whatever a file holds, every line is accounted for exactly once —
 * lines = parsed + warned + rejected + skipped, the line count agrees with an independent
 * splitter, every reject and warning names a distinct line, line-per-row formats load exactly
 * one row per kept line, and every batch passes the insert path's checks (so an insert cannot
 * throw halfway through an upload). Runs for every format over random, mutated and hostile lines,
 * plain or gzip, in random chunk sizes.
 *
 * Seeded, so CI is repeatable; FC_SEED=<n> FC_RUNS=<n> explore further by hand.
 */
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { batchToRecordBatch } from '../db/arrow-batch';
import { fuzzBytes, fuzzFile, referenceLines } from './fuzz';
import { ingest, type IngestReport } from './ingest';
import { MAX_TIME_MS, MIN_TIME_MS } from './limits';
import { chunksOf } from './testing';
import { LOG_FORMATS, type Batch, type LogFormat } from './types';

const SEED = Number(process.env.FC_SEED ?? 20_261_121);
const RUNS = Number(process.env.FC_RUNS ?? 120);
/** A small line limit, so over-long lines occur in every run's files. */
const MAX_LINE = 300;

interface Outcome {
  report: IngestReport;
  rows: number;
}

async function run(format: LogFormat | 'auto', bytes: Uint8Array, chunk: number): Promise<Outcome> {
  let rows = 0;
  const report = await ingest(
    { name: 'fuzz.log', size: bytes.length, lastModified: Date.UTC(2024, 5, 1), chunks: chunksOf(bytes, chunk) },
    {
      format,
      year: 2024,
      batchSize: 7,
      maxRejects: 1_000_000,
      limits: { maxLineChars: MAX_LINE },
      onBatch: (b: Batch) => {
        batchToRecordBatch(b); // throws exactly where the insert would
        for (let i = 0; i < b.length; i++) {
          if (!(b.ts[i] >= MIN_TIME_MS && b.ts[i] <= MAX_TIME_MS)) throw new Error(`row time out of range: ${b.ts[i]}`);
        }
        rows += b.length;
      },
    },
  );
  return { report, rows };
}

function checkAccounting(format: LogFormat | 'auto', bytes: Uint8Array, { report, rows }: Outcome): void {
  const reference = referenceLines(bytes);
  expect(report.lines).toBe(reference.length);
  expect(report.parsed + report.warned + report.rejected + report.skipped).toBe(report.lines);
  expect(report.rejects).toHaveLength(report.rejected);
  expect(report.warnings).toHaveLength(report.warned);
  const seen = new Set<number>();
  for (const issue of [...report.rejects, ...report.warnings]) {
    expect(issue.line).toBeGreaterThanOrEqual(1);
    expect(issue.line).toBeLessThanOrEqual(report.lines);
    expect(seen.has(issue.line)).toBe(false);
    seen.add(issue.line);
    expect(issue.reason.length).toBeGreaterThan(0);
    // the report shows the line itself (its start), whatever its length
    expect(issue.text).toBe(reference[issue.line - 1].slice(0, 500));
  }
  // every over-long line, and only those, is rejected for its length
  const tooLong = reference.flatMap((l, i) => (l.length > MAX_LINE ? [i + 1] : []));
  expect(report.rejects.filter((r) => r.reason.startsWith('line is longer than')).map((r) => r.line)).toEqual(tooLong);
  if (report.format === 'metrics-csv') {
    if (report.parsed + report.warned === 0) expect(rows).toBe(0);
  } else {
    expect(rows).toBe(report.parsed + report.warned);
  }
  if (format !== 'auto') expect(report.format).toBe(format);
}

const input = (format: LogFormat) =>
  fc.record({ file: fuzzFile(format, MAX_LINE), chunk: fc.integer({ min: 1, max: 512 }), gzip: fc.boolean() }).map((r) => {
    const plain = fuzzBytes(r.file);
    return { ...r, bytes: r.gzip ? gzipSync(plain) : plain, plain };
  });

describe('parse accounting closes for every input (property)', () => {
  for (const format of LOG_FORMATS) {
    it(`${format}: lines = parsed + warned + rejected + skipped, nothing lost, nothing an insert refuses`, async () => {
      await fc.assert(
        fc.asyncProperty(input(format), async ({ bytes, plain, chunk }) => {
          checkAccounting(format, plain, await run(format, bytes, chunk));
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }

  it('auto-detection either accounts for every line or refuses the file naming it', async () => {
    const any = fc.constantFrom(...LOG_FORMATS).chain(input);
    await fc.assert(
      fc.asyncProperty(any, async ({ bytes, plain, chunk }) => {
        let outcome: Outcome;
        try {
          outcome = await run('auto', bytes, chunk);
        } catch (e) {
          expect((e as Error).message).toMatch(/^cannot detect the log format in fuzz\.log: /);
          return;
        }
        checkAccounting('auto', plain, outcome);
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });
});
