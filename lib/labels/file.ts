/**
 * A labels file the user gives the page for their own logs, in any of the formats the CLI reads:
 * CSV `start,end,kind[,phase]`, NAB windows JSON (`{"dir/file.csv": [[start, end], …]}`) and the
 * simulator's incidents.json (`[{kind, precursor_start, failure_start, end, …}, …]`). The rows it
 * gives become spans in the spec (so a link carries them) and the `labels` table; what does not
 * parse is refused with the file, line or entry and the reason; what parses but will not count
 * (outside the loaded data) or overlaps another incident is said, not dropped.
 */
import { assignIncidents, parseLabelsCsv, parseNabWindows, parseTime } from './parse';
import { LABEL_PHASES, type LabelPhase, type LabelRow } from './types';

/** One labeled phase as the spec keeps it: epoch ms UTC, [start, end). */
export interface LabelSpan {
  start: number;
  end: number;
  kind: string;
  phase: LabelPhase;
}

/** Kinds are shown in tables and written to SQL: short tokens. */
export const LABEL_KIND = /^[A-Za-z0-9._:-]{1,40}$/;
/** A link carries the spans; past this many the file is refused (a link stays short). */
export const MAX_LABEL_SPANS = 1000;

/** Rows of a labels file, whatever its format; `dataFiles` names the logs (NAB windows are per file). */
export function parseLabelsFile(name: string, text: string, dataFiles: readonly string[]): LabelRow[] {
  const head = text.trimStart();
  let rows: LabelRow[];
  if (head.startsWith('[')) rows = parseIncidentsJson(text, name);
  else if (head.startsWith('{')) rows = parseNabFor(text, dataFiles, name);
  else rows = parseLabelsCsv(text, name);
  if (rows.length === 0) throw new Error(`${name}: no labels in the file`);
  if (rows.length > MAX_LABEL_SPANS) throw new Error(`${name}: ${rows.length.toLocaleString('en-US')} labeled spans; a link carries at most ${MAX_LABEL_SPANS}`);
  rows.forEach((r, i) => {
    if (!LABEL_KIND.test(r.kind)) throw new Error(`${name}: label ${i + 1} has kind "${r.kind}": expected 1–40 letters, digits or . _ : -`);
    if (r.end <= r.start) throw new Error(`${name}: label ${i + 1} (${r.kind}) ends where it starts: a label needs a length`);
  });
  return rows;
}

/** NAB windows of the log's own file name, or of the only file in the JSON. */
function parseNabFor(text: string, dataFiles: readonly string[], name: string): LabelRow[] {
  const errors: string[] = [];
  for (const f of dataFiles.length > 0 ? dataFiles : ['']) {
    try {
      return parseNabWindows(text, f, name);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  throw new Error(errors[errors.length - 1] ?? `${name}: no windows`);
}

/** The simulator's incidents.json: a precursor (when it has one) and a failure per incident. */
export function parseIncidentsJson(text: string, name: string): LabelRow[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not JSON (${(e as Error).message})`, { cause: e });
  }
  if (!Array.isArray(doc)) throw new Error(`${name}: expected a list of incidents`);
  const rows: LabelRow[] = [];
  doc.forEach((inc: unknown, i) => {
    const where = `${name} incident ${i + 1}`;
    if (typeof inc !== 'object' || inc === null) throw new Error(`${where}: expected an object`);
    const o = inc as Record<string, unknown>;
    const kind = typeof o.kind === 'string' ? o.kind : 'incident';
    const failure = parseTime(String(o.failure_start ?? ''), `${where} failure_start`);
    const end = parseTime(String(o.end ?? ''), `${where} end`);
    if (end < failure) throw new Error(`${where}: end is before failure_start`);
    if (o.precursor_start !== null && o.precursor_start !== undefined) {
      const pre = parseTime(String(o.precursor_start), `${where} precursor_start`);
      if (pre > failure) throw new Error(`${where}: precursor_start is after failure_start`);
      if (pre < failure) rows.push({ incidentId: '', kind, phase: 'precursor', start: pre, end: failure, target: null });
    }
    rows.push({ incidentId: '', kind, phase: 'failure', start: failure, end, target: null });
  });
  return assignIncidents(rows);
}

/** What the spec keeps of labeled rows. */
export function spansOf(rows: readonly LabelRow[]): LabelSpan[] {
  return rows.map((r) => ({ start: r.start, end: r.end, kind: r.kind, phase: r.phase }));
}

/** Labeled rows again from the spec's spans, in time order, incidents numbered as the CLI numbers them. */
export function rowsOfSpans(spans: readonly LabelSpan[]): LabelRow[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || LABEL_PHASES.indexOf(a.phase) - LABEL_PHASES.indexOf(b.phase));
  return assignIncidents(sorted.map((s) => ({ incidentId: '', kind: s.kind, phase: s.phase, start: s.start, end: s.end, target: null })));
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * What the user should know about labels that parsed: incidents outside the loaded data's span
 * (they cannot be detected, and count as missed only if inside it) and incidents whose spans
 * overlap (each is still scored on its own). `span` null = no data loaded yet.
 */
export function labelNotes(rows: readonly LabelRow[], span: { first: number; last: number } | null): string[] {
  const incidents = new Map<string, { kind: string; start: number; end: number }>();
  for (const r of rows) {
    const i = incidents.get(r.incidentId);
    if (i) {
      i.start = Math.min(i.start, r.start);
      i.end = Math.max(i.end, r.end);
    } else incidents.set(r.incidentId, { kind: r.kind, start: r.start, end: r.end });
  }
  const list = [...incidents].sort((a, b) => a[1].start - b[1].start);
  const notes: string[] = [];
  const name = (id: string, i: { kind: string; start: number; end: number }) => `${id} (${i.kind}, ${iso(i.start)} – ${iso(i.end)})`;
  if (span) {
    for (const [id, i] of list) {
      if (i.end <= span.first || i.start > span.last) notes.push(`${name(id, i)} lies outside the loaded data (${iso(span.first)} – ${iso(span.last)}): nothing can detect it.`);
    }
  }
  for (let a = 0; a < list.length; a++) {
    for (let b = a + 1; b < list.length && list[b][1].start < list[a][1].end; b++) {
      notes.push(`${name(...list[a])} overlaps ${name(...list[b])}: each is scored on its own.`);
    }
  }
  return notes;
}
