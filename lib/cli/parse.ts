import { parseArgs } from 'node:util';
import { openNative } from '../db/native';
import { createSchema } from '../db/schema';
import { loadSources } from '../jobs/load';
import { fileInput, trackInputs } from './files';
import { parallelIngest } from './parallel';
import { errLine, escapeControl, out, outJson } from './terminal';
import { LOG_FORMATS, type FormatChoice, type ParseReport } from '../ingest/types';
import { messageOf } from '../jobs/result';

const MAX_JSON_REJECTS = 100;

/** `harbinger parse FILE... [--format F] [--year Y] [--threads N] [--json]` */
export async function parseCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string', default: 'auto' }, year: { type: 'string' }, threads: { type: 'string', default: '1' }, json: { type: 'boolean', default: false } },
    });
  } catch (e) {
    errLine('harbinger parse', messageOf(e));
    return 2;
  }
  const { values, positionals: files } = args;
  const format = values.format as FormatChoice;
  if (format !== 'auto' && !(LOG_FORMATS as readonly string[]).includes(format)) {
    errLine('harbinger parse', `invalid --format "${format}" (auto, ${LOG_FORMATS.join(', ')})`);
    return 2;
  }
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && (!Number.isInteger(year) || year < 1970 || year > 2100)) {
    errLine('harbinger parse', `invalid --year "${values.year}"`);
    return 2;
  }
  const threads = Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    errLine('harbinger parse', `invalid --threads "${values.threads}" (a whole number from 1 to 64)`);
    return 2;
  }
  if (files.length === 0) {
    errLine('harbinger parse', 'no input files');
    return 2;
  }

  const t0 = performance.now();
  const db = await openNative();
  try {
    await createSchema(db);
    const opened = [];
    for (const f of files) opened.push(await fileInput(f));
    const tracked = trackInputs(opened);
    let reports: ParseReport[];
    try {
      reports = await loadSources(db, tracked.inputs, {
        format,
        year,
        latencyUnit: 'auto',
        maxRejects: values.json ? MAX_JSON_REJECTS : 10_000,
        ingestFile: threads > 1 ? parallelIngest(threads) : undefined,
      });
    } catch (e) {
      throw tracked.named(e);
    }
    const statusRows = await db.query('SELECT status, count(*) AS n FROM requests GROUP BY status ORDER BY status');
    const elapsed = performance.now() - t0;
    const statusCounts: Record<string, number> = {};
    for (const r of statusRows) statusCounts[String(r.status)] = Number(r.n);
    const hasRequests = reports.some((r) => r.format === 'combined' || r.format === 'common' || r.format === 'jsonl');
    if (values.json) {
      outJson(jsonReport(reports, hasRequests ? statusCounts : undefined, elapsed));
    } else {
      out(textReport(reports, hasRequests ? statusCounts : undefined, elapsed));
    }
    return 0;
  } catch (e) {
    errLine('harbinger parse', messageOf(e));
    return 1;
  } finally {
    await db.close();
  }
}

function jsonReport(reports: ParseReport[], statusCounts: Record<string, number> | undefined, elapsed: number) {
  const formats = [...new Set(reports.map((r) => r.format))];
  const sum = (k: 'lines' | 'parsed' | 'rejected' | 'skipped' | 'warned') => reports.reduce((a, r) => a + r[k], 0);
  const firsts = reports.map((r) => r.firstTs).filter((t): t is number => t !== null);
  const lasts = reports.map((r) => r.lastTs).filter((t): t is number => t !== null);
  const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
  return {
    format: formats.length === 1 ? formats[0] : 'mixed',
    lines: sum('lines'),
    parsed: sum('parsed'),
    rejected: sum('rejected'),
    rejects: reports.flatMap((r) => r.rejects.map((x) => ({ file: r.source, line: x.line, reason: x.reason, text: x.text }))).slice(0, MAX_JSON_REJECTS),
    skipped: sum('skipped'),
    warned: sum('warned'),
    warnings: reports.flatMap((r) => r.warnings.map((x) => ({ file: r.source, line: x.line, reason: x.reason, text: x.text }))).slice(0, MAX_JSON_REJECTS),
    first_ts: iso(firsts.length ? Math.min(...firsts) : undefined),
    last_ts: iso(lasts.length ? Math.max(...lasts) : undefined),
    ...(statusCounts ? { status_counts: statusCounts } : {}),
    elapsed_ms: Math.round(elapsed),
    files: reports.map((r) => ({ file: r.source, format: r.format, lines: r.lines, parsed: r.parsed, rejected: r.rejected, skipped: r.skipped, warned: r.warned })),
  };
}

/** One line per file and per listed reject or warning; every value from a log or a file name is escaped (see terminal.ts). */
export function textReport(reports: ParseReport[], statusCounts: Record<string, number> | undefined, elapsed: number): string {
  const rows: string[] = [];
  const e = escapeControl;
  for (const r of reports) {
    const extra = [r.warned ? `${r.warned} with warnings` : '', r.skipped ? `${r.skipped} skipped (blank/header)` : ''].filter(Boolean).join(', ');
    rows.push(`${e(r.source)}: ${r.format}, ${r.lines} lines, ${r.parsed} parsed, ${r.rejected} rejected${extra ? `, ${extra}` : ''}`);
    for (const [kind, list, n] of [['rejected', r.rejects, r.rejected], ['warning', r.warnings, r.warned]] as const) {
      // cut before escaping, so an escape is never cut in half
      for (const x of list.slice(0, 20)) rows.push(`  ${kind} line ${x.line}: ${e(x.reason)}: ${e(x.text.slice(0, 120))}`);
      if (n > 20) rows.push(`  … ${n - 20} more (use --json for up to ${MAX_JSON_REJECTS})`);
    }
  }
  if (statusCounts) rows.push(`status: ${Object.entries(statusCounts).map(([s, n]) => `${e(s)}=${n}`).join(' ')}`);
  const lines = reports.reduce((a, r) => a + r.lines, 0);
  rows.push(`${Math.round(elapsed)} ms (${Math.round((lines / elapsed) * 1000).toLocaleString('en-US')} lines/s)`);
  return rows.join('\n') + '\n';
}
