/**
 * A label edited in place (the Source cell's labels table): its start, end, kind and phase as the
 * user typed them, checked before they replace the label in the spec. Refused: a time that does
 * not parse, an end not after its start, a kind the spec does not take, a span wholly outside the
 * loaded data (nothing could detect it). Overlaps with other incidents are said in the words the
 * labels file's notes use, and accepted, as in a labels file (each incident is scored on its own).
 */
import { LABEL_KIND, labelNotes, rowsOfSpans, spansOf, type LabelSpan } from './file';
import { parseTime } from './parse';
import { LABEL_PHASES, type LabelPhase } from './types';

/** The edit form's fields as typed: times in ISO 8601 (UTC unless an offset is given). */
export interface LabelDraft {
  start: string;
  end: string;
  kind: string;
  phase: string;
}

export type EditResult =
  | { ok: true; labels: LabelSpan[]; label: LabelSpan; notes: string[] }
  | { ok: false; errors: string[] };

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The draft of a label as the form first shows it. */
export function draftOf(label: LabelSpan): LabelDraft {
  return { start: iso(label.start), end: iso(label.end), kind: label.kind, phase: label.phase };
}

/**
 * `labels` with label `index` replaced by `draft`, in time order; or every reason it is refused.
 * `span`: the loaded data's first and last time (null before anything is loaded: not checked).
 */
export function editLabel(labels: readonly LabelSpan[], index: number, draft: LabelDraft, span: { first: number; last: number } | null): EditResult {
  if (!(index >= 0 && index < labels.length)) return { ok: false, errors: [`there is no label ${index + 1}`] };
  const errors: string[] = [];
  const time = (text: string, what: string) => {
    try {
      return parseTime(text, what);
    } catch (e) {
      errors.push((e as Error).message);
      return null;
    }
  };
  const start = time(draft.start, 'start');
  const end = time(draft.end, 'end');
  const kind = draft.kind.trim();
  if (!LABEL_KIND.test(kind)) errors.push(`kind "${kind}": expected 1–40 letters, digits or . _ : -`);
  if (!(LABEL_PHASES as readonly string[]).includes(draft.phase)) errors.push(`phase must be precursor or failure, not "${draft.phase}"`);
  if (start !== null && end !== null && end <= start) errors.push(`end ${iso(end)} is not after start ${iso(start)}: a label needs a length`);
  if (start !== null && end !== null && span && end > start && (end <= span.first || start > span.last)) {
    errors.push(`${iso(start)} – ${iso(end)} lies outside the loaded data (${iso(span.first)} – ${iso(span.last)}): nothing can detect it`);
  }
  if (errors.length > 0 || start === null || end === null) return { ok: false, errors };
  const label: LabelSpan = { start, end, kind, phase: draft.phase as LabelPhase };
  const next = spansOf(rowsOfSpans(labels.map((l, i) => (i === index ? label : l))));
  // only the overlaps this label takes part in: the others were there before the edit
  const rows = rowsOfSpans(next);
  const mine = rows.find((r) => r.start === start && r.end === end && r.kind === kind && r.phase === label.phase)?.incidentId;
  const notes = labelNotes(rows, null).filter((n) => mine !== undefined && n.includes(`${mine} (`));
  return { ok: true, labels: next, label, notes };
}
