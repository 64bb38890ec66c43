/**
 * Metrics CSV (NAB's `timestamp,value`, exported dashboards, KPI dumps) → long-format metrics:
 * one row per (data row, numeric column), named after the column header.
 *
 * Decisions:
 * - The first non-blank line is the header (it counts in `lines`, neither parsed nor rejected).
 *   The delimiter is whichever of `,` `;` tab occurs most in it.
 * - Timestamp column: the first header named timestamp / time / ts / date / datetime (any case),
 *   else the first column if its first value parses as a time. ISO times without an offset are
 *   UTC; plain numbers are epoch s / ms / µs / ns by magnitude.
 * - A column named host / source / instance / server gives the row's `source` (else the file
 *   name), whatever its values look like.
 * - Every other column's kind is fixed by its first non-empty value: a number makes it a series
 *   (`12%` and `12 %` are the number 12: exports write percentages that way), anything else a
 *   text column that is ignored for the whole file; the line that decided it carries a warning
 *   naming the column and its value, once per file. Later, a non-number in a series rejects the
 *   row. A kind is only fixed by a row that is kept, so a rejected row never hides a column.
 * - A row with more fields than the header is kept with a warning quoting the extra fields; one
 *   with fewer is rejected.
 * - A time outside the years 1900–9999 rejects the row.
 * - Empty cells (and NaN / NA / null) are missing values: skipped, not counted anywhere; a row
 *   whose values are all missing is still a parsed line that adds no points.
 * - Blank lines are skipped (counted in `lines`): exports often end with one.
 */
import type { MetricBatch } from './types';
import type { MetricBuilder } from './batch';
import type { LineParser, ParseWarning } from './parser';
import { inTimeRange, parseTimeText, timeOutOfRange } from './time';

const TIME_NAMES = new Set(['timestamp', 'time', 'ts', 'date', 'datetime']);
const SOURCE_NAMES = new Set(['host', 'source', 'instance', 'server']);
const MISSING = new Set(['', 'nan', 'na', 'n/a', 'null', 'none', '-']);

/** Column kinds. */
const Kind = { Unknown: 0, Series: 1, Text: 2, Time: 3, Source: 4 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/**
 * Splits one CSV record into `out` (RFC 4180 quoting, `""` inside quotes). Returns null, or a
 * reason when a quoted field is not closed.
 */
export function splitCsv(line: string, delim: number, out: string[]): string | null {
  out.length = 0;
  const n = line.length;
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34) {
      let v = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return `missing closing quote in field ${out.length + 1}`;
        v += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          v += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      out.push(v);
      if (i < n && line.charCodeAt(i) !== delim) return `unexpected text after closing quote in field ${out.length}`;
    } else {
      let e = line.indexOf(String.fromCharCode(delim), i);
      if (e < 0) e = n;
      out.push(line.slice(i, e));
      i = e;
    }
    if (i >= n) return null;
    i++; // delimiter
    if (i === n) {
      out.push('');
      return null;
    }
  }
}

/** A cell as a number: plain numeric text, optionally followed by `%`; NaN for anything else. */
function metricValue(cell: string): number {
  const t = cell.charCodeAt(cell.length - 1) === 37 ? cell.slice(0, -1).trimEnd() : cell;
  if (t.length === 0) return NaN;
  const v = Number(t);
  return Number.isFinite(v) ? v : NaN;
}

function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function pickDelimiter(header: string): number {
  let best = 44;
  let bestCount = 0;
  for (const d of [44, 59, 9]) {
    let c = 0;
    for (let i = 0; i < header.length; i++) if (header.charCodeAt(i) === d) c++;
    if (c > bestCount) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}

export function createMetricsCsvParser(sink: MetricBuilder, fileSource: string): LineParser {
  let names: string[] | null = null;
  let kinds: Kind[] = [];
  let delim = 44;
  let timeCol = -1;
  let sourceCol = -1;
  const cells: string[] = [];
  let values = new Float64Array(16);
  /** kinds this row would fix for columns still Unknown; applied only if the row is kept */
  let tentative: Kind[] = [];

  function readHeader(line: string): false | string {
    delim = pickDelimiter(line);
    const err = splitCsv(line, delim, cells);
    if (err !== null) return `header: ${err}`;
    if (cells.length < 2) return `header has ${cells.length} column; need a timestamp and at least one value`;
    if (parseTimeText(cells[0]) === parseTimeText(cells[0])) return `first line looks like data, not a CSV header: "${cells[0]}"`;
    names = cells.map((c, i) => c.trim() || `column ${i + 1}`);
    kinds = names.map(() => Kind.Unknown);
    timeCol = names.findIndex((nm) => TIME_NAMES.has(nm.toLowerCase()));
    sourceCol = names.findIndex((nm) => SOURCE_NAMES.has(nm.toLowerCase()));
    if (timeCol >= 0) kinds[timeCol] = Kind.Time;
    if (sourceCol >= 0 && sourceCol !== timeCol) kinds[sourceCol] = Kind.Source;
    if (values.length < names.length) values = new Float64Array(names.length);
    tentative = names.map(() => Kind.Unknown);
    return false;
  }

  function parse(line: string): boolean | string | ParseWarning {
    if (names === null) return readHeader(line);
    const err = splitCsv(line, delim, cells);
    if (err !== null) return err;
    if (cells.length < names.length) return `expected ${names.length} fields, got ${cells.length}`;
    let extra: string | null = null;
    if (cells.length > names.length) {
      extra = `${cells.length - names.length} field(s) after the last column "${names[names.length - 1]}": "${clip(cells.slice(names.length).join(String.fromCharCode(delim)), 60)}"`;
      cells.length = names.length;
    }
    if (timeCol < 0) {
      if (parseTimeText(cells[0]) !== parseTimeText(cells[0])) {
        return `no timestamp column (timestamp, time, ts, date, datetime) and first column "${cells[0].slice(0, 40)}" is not a time`;
      }
      timeCol = 0;
      kinds[0] = Kind.Time;
    }
    const ts = parseTimeText(cells[timeCol]);
    if (ts !== ts) return `bad timestamp "${clip(cells[timeCol])}"`;
    if (!inTimeRange(ts)) return timeOutOfRange(`"${clip(cells[timeCol])}"`);
    // validate the whole row before appending, so a reject adds no points and fixes no kinds
    let decided = false;
    for (let c = 0; c < cells.length; c++) {
      const k = kinds[c];
      values[c] = NaN;
      tentative[c] = Kind.Unknown;
      if (k === Kind.Time || k === Kind.Source || k === Kind.Text) continue;
      const cell = cells[c].trim();
      if (MISSING.has(cell.toLowerCase())) continue;
      const v = metricValue(cell);
      if (v === v) {
        values[c] = v;
        if (k === Kind.Unknown) {
          tentative[c] = Kind.Series;
          decided = true;
        }
      } else if (k === Kind.Unknown) {
        tentative[c] = Kind.Text;
        decided = true;
      } else {
        return `value is not a number in column "${names[c]}": "${clip(cell)}"`;
      }
    }
    const ignored: string[] = [];
    if (decided) {
      for (let c = 0; c < cells.length; c++) {
        if (tentative[c] === Kind.Unknown) continue;
        kinds[c] = tentative[c];
        if (tentative[c] === Kind.Text) ignored.push(`"${names[c]}" (first value "${clip(cells[c].trim())}")`);
      }
    }
    const source = sourceCol >= 0 && cells[sourceCol].trim() !== '' ? cells[sourceCol].trim() : fileSource;
    for (let c = 0; c < cells.length; c++) {
      if (kinds[c] === Kind.Series && values[c] === values[c]) sink.push(ts, source, names[c], values[c]);
    }
    const problems: string[] = [];
    if (ignored.length > 0) {
      problems.push(`${ignored.length === 1 ? 'column' : 'columns'} ${ignored.join(', ')} not numeric: ignored for the whole file`);
    }
    if (extra !== null) problems.push(`${extra} ignored`);
    return problems.length > 0 ? { warning: problems.join('; ') } : true;
  }

  return { format: 'metrics-csv', table: 'metrics' satisfies MetricBatch['table'], blankIsReject: false, sink, parse };
}
