import { describe, expect, it } from 'vitest';
import { draftOf, editLabel } from './edit';
import type { LabelSpan } from './file';

const T = (s: string) => Date.parse(s);
const labels: LabelSpan[] = [
  { start: T('2024-03-05T10:00:00Z'), end: T('2024-03-05T11:00:00Z'), kind: 'outage', phase: 'failure' },
  { start: T('2024-03-05T20:00:00Z'), end: T('2024-03-05T21:00:00Z'), kind: 'slow', phase: 'failure' },
];
const span = { first: T('2024-03-05T00:00:00Z'), last: T('2024-03-06T23:59:00Z') };

describe('editLabel', () => {
  it('replaces the label and keeps time order', () => {
    const r = editLabel(labels, 1, { start: '2024-03-05T08:00:00Z', end: '2024-03-05 08:30', kind: 'db', phase: 'precursor' }, span);
    expect(r).toMatchObject({ ok: true, notes: [] });
    if (!r.ok) return;
    expect(r.labels).toEqual([{ start: T('2024-03-05T08:00:00Z'), end: T('2024-03-05T08:30:00Z'), kind: 'db', phase: 'precursor' }, labels[0]]);
  });

  it('round-trips the draft of a label unchanged', () => {
    const r = editLabel(labels, 0, draftOf(labels[0]), span);
    expect(r.ok && r.labels).toEqual(labels);
  });

  it('names every reason it refuses', () => {
    const r = editLabel(labels, 0, { start: 'noon', end: '2024-03-05T11:00:00Z', kind: 'a b', phase: 'after' }, span);
    expect(r).toEqual({
      ok: false,
      errors: ['start: not an ISO-8601 time: "noon"', 'kind "a b": expected 1–40 letters, digits or . _ : -', 'phase must be precursor or failure, not "after"'],
    });
    const back = editLabel(labels, 0, { ...draftOf(labels[0]), end: '2024-03-05T09:00:00Z' }, span);
    expect(back).toEqual({ ok: false, errors: ['end 2024-03-05T09:00:00Z is not after start 2024-03-05T10:00:00Z: a label needs a length'] });
  });

  it('refuses a span wholly outside the loaded data, and does not check before data is loaded', () => {
    const draft = { start: '2024-04-01T00:00:00Z', end: '2024-04-01T01:00:00Z', kind: 'x', phase: 'failure' };
    const r = editLabel(labels, 0, draft, span);
    expect(r.ok ? null : r.errors[0]).toBe('2024-04-01T00:00:00Z – 2024-04-01T01:00:00Z lies outside the loaded data (2024-03-05T00:00:00Z – 2024-03-06T23:59:00Z): nothing can detect it');
    expect(editLabel(labels, 0, draft, null).ok).toBe(true);
  });

  it('names an overlap the edit makes as the labels file notes do, and accepts it', () => {
    const r = editLabel(labels, 1, { start: '2024-03-05T10:30:00Z', end: '2024-03-05T12:00:00Z', kind: 'slow', phase: 'failure' }, span);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.notes).toEqual(['inc-01 (outage, 2024-03-05T10:00:00Z – 2024-03-05T11:00:00Z) overlaps inc-02 (slow, 2024-03-05T10:30:00Z – 2024-03-05T12:00:00Z): each is scored on its own.']);
  });

  it('refuses an index that is not there', () => {
    expect(editLabel(labels, 5, draftOf(labels[0]), span)).toEqual({ ok: false, errors: ['there is no label 6'] });
  });
});
