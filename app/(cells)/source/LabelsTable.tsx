'use client';
import { useState } from 'react';
import type { LabelSpan } from '@/lib/labels/file';
import { draftOf, editLabel, type LabelDraft } from '@/lib/labels/edit';
import { LABEL_PHASES } from '@/lib/labels/types';

interface Props {
  labels: readonly LabelSpan[];
  /** the loaded data's first and last time, epoch ms; null before anything is loaded */
  span: { first: number; last: number } | null;
  onLabels: (labels: LabelSpan[] | null) => void;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const name = (l: LabelSpan) => `${l.kind} ${l.phase} at ${iso(l.start)}`;

/** The spec's labels, each editable in place (start, end, kind, phase; checked by lib/labels/edit.ts) or deleted. */
export function LabelsTable({ labels, span, onLabels }: Props) {
  const [editing, setEditing] = useState<{ index: number; draft: LabelDraft; errors: string[]; of: LabelSpan } | null>(null);
  // the labels changed under the edit (a link, another tab of the same cell): the edit is dropped
  const at = editing ? labels[editing.index] : undefined;
  const open = editing && at && at.start === editing.of.start && at.end === editing.of.end && at.kind === editing.of.kind && at.phase === editing.of.phase ? editing : null;

  function remove(i: number) {
    const rest = labels.filter((_, j) => j !== i);
    onLabels(rest.length > 0 ? rest : null);
  }
  function save() {
    if (!open) return;
    const r = editLabel(labels, open.index, open.draft, span);
    if (!r.ok) return setEditing({ ...open, errors: r.errors });
    setEditing(null);
    onLabels(r.labels);
  }
  const field = (key: keyof LabelDraft, label: string, size: number) =>
    open ? <input aria-label={label} size={size} value={open.draft[key]} onChange={(e) => setEditing({ ...open, draft: { ...open.draft, [key]: e.target.value } })} onKeyDown={(e) => e.key === 'Enter' && save()} /> : null;

  return (
    <>
      <table className="small" data-testid="labels-table">
        <thead>
          <tr>
            <th>Start</th>
            <th>End</th>
            <th>Kind</th>
            <th>Phase</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {labels.map((l, i) =>
            open?.index === i ? (
              <tr key={`edit-${i}`} data-testid="label-edit">
                <td>{field('start', 'Label start (UTC)', 20)}</td>
                <td>{field('end', 'Label end (UTC)', 20)}</td>
                <td>{field('kind', 'Label kind', 12)}</td>
                <td>
                  <select aria-label="Label phase" value={open.draft.phase} onChange={(e) => setEditing({ ...open, draft: { ...open.draft, phase: e.target.value } })}>
                    {LABEL_PHASES.map((p) => (
                      <option key={p} value={p}>
                        {p}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" onClick={save}>
                    Save label
                  </button>{' '}
                  <button type="button" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </td>
              </tr>
            ) : (
              <tr key={`${l.start}-${l.end}-${l.kind}-${l.phase}-${i}`}>
                <td>{iso(l.start)}</td>
                <td>{iso(l.end)}</td>
                <td>{l.kind}</td>
                <td>{l.phase}</td>
                <td>
                  <button type="button" aria-label={`Edit label ${name(l)}`} onClick={() => setEditing({ index: i, draft: draftOf(l), errors: [], of: l })}>
                    Edit
                  </button>{' '}
                  <button type="button" aria-label={`Delete label ${name(l)}`} onClick={() => remove(i)}>
                    Delete
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      {open && open.errors.length > 0 ? (
        <ul className="msg error small" role="alert" data-testid="label-edit-errors">
          {open.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
