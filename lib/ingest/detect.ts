/**
 * Format detection: every parser tries the first non-blank lines and the one that accepts the
 * most wins (ties go to the more specific format, or to the file extension's). Using the real
 * parsers keeps detection and parsing from ever disagreeing about what a line is.
 */
import { createParser } from './formats';
import { LOG_FORMATS, type LogFormat } from './types';

export interface Detection {
  format: LogFormat;
  /** human-readable why, e.g. "20/20 sample lines parse as combined" */
  reason: string;
}

/** Lines looked at by the driver. */
export const DETECT_LINES = 20;

/** Arbitrary leap year, so a Feb 29 sample line is not taken as malformed. */
const SAMPLE_YEAR = 2000;

function hintedFormat(fileName: string | undefined): LogFormat | null {
  const ext = fileName?.toLowerCase().replace(/\.gz$/, '').split('.').pop();
  if (ext === 'csv' || ext === 'tsv') return 'metrics-csv';
  if (ext === 'jsonl' || ext === 'ndjson' || ext === 'json') return 'jsonl';
  return null;
}

export function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim().length === 0);
}

/** Detects the format from sample lines (blank ones are ignored); throws an Error saying why when nothing fits. */
export function detectFormat(firstLines: string[], fileName?: string): Detection {
  const sample = firstLines.filter((l) => !isBlank(l)).slice(0, DETECT_LINES);
  const where = fileName ? ` in ${fileName}` : '';
  if (sample.length === 0) throw new Error(`cannot detect the log format${where}: no non-blank lines`);
  const hint = hintedFormat(fileName);
  const scores = LOG_FORMATS.map((format) => {
    const parser = createParser(format, { source: '', batchSize: 1024, year: SAMPLE_YEAR });
    let ok = 0;
    let firstProblem = '';
    sample.forEach((line, i) => {
      const r = parser.parse(line);
      if (typeof r !== 'string') ok++;
      else if (firstProblem === '') firstProblem = `sample line ${i + 1}: ${r}`;
    });
    return { format, ok, firstProblem };
  });
  let best = scores[0];
  for (const s of scores) if (s.ok > best.ok || (s.ok === best.ok && s.format === hint && s.ok > 0)) best = s;
  // `common` also accepts combined lines, so it wins whenever a few lines lack the quoted
  // fields; call the file combined when most lines it accepts are combined lines.
  const combined = scores[LOG_FORMATS.indexOf('combined')];
  if (best.format === 'common' && combined.ok * 2 > best.ok) best = combined;
  const n = sample.length;
  if (best.ok * 2 <= n) {
    const closest =
      best.ok === 0 ? `none parses any of them; as ${best.format}, ${best.firstProblem}` : `closest: ${best.format}, ${best.ok}/${n}; ${best.firstProblem}`;
    throw new Error(
      `cannot detect the log format${where}: no format parses most of the first ${n} non-blank lines (${closest}). ` +
        'Choose the format by hand.',
    );
  }
  const tie = hint === best.format && scores.some((s) => s !== best && s.ok === best.ok) ? ` (file name ${fileName})` : '';
  return { format: best.format, reason: `${best.ok}/${n} sample lines parse as ${best.format}${tie}` };
}
