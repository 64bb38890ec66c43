'use client';
import { useId, useState } from 'react';

/**
 * A number input that commits on Enter or blur, only when valid; otherwise it says why and keeps
 * the last good value in the spec (so typing "1" on the way to "15" does not regenerate anything).
 */
export function NumberField({ label, value, min, max, step = 1, integer = false, onCommit, width = 7 }: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  onCommit: (v: number) => void;
  width?: number;
}) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  const [problem, setProblem] = useState<string | null>(null);
  if (shown !== value) {
    setShown(value);
    setText(String(value));
    setProblem(null);
  }
  function commit() {
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      setProblem(`${label}: ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
      return;
    }
    setProblem(null);
    if (v !== value) onCommit(v);
  }
  return (
    <span className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        size={width}
        style={{ width: `${width + 2}ch` }}
        min={min}
        max={max}
        step={step}
        value={text}
        aria-invalid={problem !== null}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {problem ? (
        <span className="msg error small" role="alert">
          {problem}
        </span>
      ) : null}
    </span>
  );
}
