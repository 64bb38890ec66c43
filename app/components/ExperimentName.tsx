'use client';
import { useCallback, useEffect, useRef, useState } from 'react';

/** Typing pauses this long before the name goes into the spec (and the link). */
const NAME_COMMIT_MS = 300;

/**
 * The experiment's name. The box keeps what is typed and writes it to the spec when typing pauses
 * or the box loses focus: a spec change re-renders the whole notebook and re-encodes the link, far
 * too much work for every key while a page of charts is drawn. A name that changes from outside
 * (back/forward, another link) replaces what the box shows.
 */
export function ExperimentName({ name, onCommit }: { name: string; onCommit: (name: string) => void }) {
  const [draft, setDraft] = useState(name);
  const [shown, setShown] = useState(name);
  // the last name this box wrote: the spec coming back with it is not a change from outside
  const written = useRef(name);
  if (name !== shown) {
    setShown(name);
    if (name !== written.current) setDraft(name);
  }
  const commit = useCallback(
    (value: string) => {
      if (value === name) return;
      written.current = value;
      onCommit(value);
    },
    [name, onCommit],
  );
  useEffect(() => {
    if (draft === name) return;
    const t = setTimeout(() => commit(draft), NAME_COMMIT_MS);
    return () => clearTimeout(t);
  }, [draft, name, commit]);
  return <input className="exp-name" aria-label="Experiment name" maxLength={120} value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={() => commit(draft)} />;
}
