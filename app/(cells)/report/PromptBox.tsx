'use client';
import { useEffect, useState } from 'react';

/** A prompt shown folded, with its length and a Copy button that says when copying failed. */
export function PromptBox({ id, title, text }: { id: string; title: string; text: string }) {
  const [state, setState] = useState<{ text: string; copied: boolean; error: string | null }>({ text: '', copied: false, error: null });
  const current = state.text === text ? state : { text, copied: false, error: null };
  useEffect(() => {
    if (!state.copied) return;
    const t = setTimeout(() => setState((s) => ({ ...s, copied: false })), 2000);
    return () => clearTimeout(t);
  }, [state.copied]);
  return (
    <details className="panel" data-testid={`prompt-${id}`} style={{ marginBottom: 8 }}>
      <summary className="row" style={{ justifyContent: 'space-between' }}>
        <span>
          {title} <span className="small muted">({text.length.toLocaleString('en-US')} characters)</span>
        </span>
        <span className="row" style={{ gap: 6 }}>
          {current.error ? <span className="small msg error" role="alert">{current.error}</span> : null}
          <button
            type="button"
            data-testid={`copy-${id}`}
            onClick={(e) => {
              e.preventDefault();
              navigator.clipboard.writeText(text).then(
                () => setState({ text, copied: true, error: null }),
                (err: unknown) => setState({ text, copied: false, error: `Copy failed (${err instanceof Error ? err.message : String(err)}): open the prompt and copy it by hand.` }),
              );
            }}
          >
            {current.copied ? 'Copied' : 'Copy'}
          </button>
        </span>
      </summary>
      <textarea readOnly value={text} aria-label={`${title} prompt`} rows={12} style={{ width: '100%', fontFamily: 'ui-monospace, monospace', fontSize: 12 }} />
    </details>
  );
}
