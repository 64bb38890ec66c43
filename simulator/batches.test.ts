import { describe, expect, it } from 'vitest';
import { batchRows, ingestBytes } from '../lib/ingest/testing';
import { generateBatches } from './batches';
import { FAILURE_KINDS, SIM_FILES, type Scenario } from './scenario';
import { at, collect, smallScenario } from './testing';

/** Every kind of incident and a local-time offset, so every line shape occurs. */
function everything(): Scenario {
  const s = smallScenario(30, 1);
  s.utcOffsetMin = -330;
  s.incidents.placed = FAILURE_KINDS.map((kind, i) => ({ kind, start: at(s, 2 + i * 3), durationMin: 20, precursorMin: 30 }));
  return s;
}

describe('generated text parses with lib/ingest', () => {
  const s = everything();
  const out = collect(s);

  it.each(SIM_FILES)('%s: every line parses (auto-detected), none rejected or warned', async (file) => {
    const r = await ingestBytes(file, out.bytes[file], { format: 'auto', year: 2024 });
    const expected = { 'access.log': 'combined', 'auth.log': 'auth', 'metrics.csv': 'metrics-csv' }[file];
    expect(r.report.format).toBe(expected);
    expect(r.report.lines).toBe(out.lines[file]);
    expect(r.report.rejected).toBe(0);
    expect(r.report.warned).toBe(0);
    // the CSV header is the one skipped line
    expect(r.report.parsed).toBe(out.lines[file] - (file === 'metrics.csv' ? 1 : 0));
    expect(out.lines[file]).toBeGreaterThan(1000);
  });

  it.each(SIM_FILES)('%s: the direct batches hold exactly the rows ingest() reads from the text', async (file) => {
    const parsed = await ingestBytes(file, out.bytes[file], { format: 'auto', year: 2024 });
    const direct = [...generateBatches(s, { files: [file] })];
    expect(direct.every((b) => b.length <= 10_000)).toBe(true);
    const rows = direct.flatMap(batchRows);
    expect(rows.length).toBe(parsed.rows.length);
    expect(rows).toEqual(parsed.rows);
  });

  it('applies the access log offset: local time in the text, UTC in the rows', async () => {
    const first = new TextDecoder().decode(out.bytes['access.log'].subarray(0, 200));
    expect(first).toContain('[03/Mar/2024:18:30:00 -0530]');
    const rows = [...generateBatches(s, { files: ['access.log'], batchSize: 5 })][0];
    expect(rows.ts[0]).toBe(s.start);
  });

  it('honours batchSize', () => {
    const sizes = [...generateBatches(smallScenario(1, 1), { files: ['metrics.csv'], batchSize: 100 })].map((b) => b.length);
    expect(sizes.slice(0, -1).every((n) => n === 100)).toBe(true);
    expect(sizes.at(-1)).toBeLessThanOrEqual(100);
    expect(() => [...generateBatches(smallScenario(1, 1), { batchSize: 0 })]).toThrow('invalid batch size: 0');
  });
});

describe('calendar edges', () => {
  it('auth.log across new year parses to the same rows (syslog has no year)', async () => {
    const s = smallScenario(8, 0.5);
    s.start = Date.UTC(2023, 11, 31, 20);
    s.auth.strayPerDay = 200;
    const out = collect(s, { files: ['auth.log'] });
    const text = new TextDecoder().decode(out.bytes['auth.log']);
    expect(text).toContain('Dec 31 ');
    expect(text).toContain('Jan  1 ');
    const parsed = await ingestBytes('auth.log', out.bytes['auth.log'], { format: 'auth', year: 2023 });
    expect(parsed.report.rejected).toBe(0);
    expect([...generateBatches(s, { files: ['auth.log'] })].flatMap(batchRows)).toEqual(parsed.rows);
  });
});
