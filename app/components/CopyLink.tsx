'use client';
import { useState } from 'react';

/**
 * Copies the page's link: the whole experiment spec rides in its hash (compressed), so the link
 * reproduces the experiment — never log content or credentials, which the spec does not hold.
 */
export function CopyLink() {
  const [note, setNote] = useState<string | null>(null);
  const copy = async () => {
    const href = window.location.href;
    try {
      await navigator.clipboard.writeText(href);
      setNote(`Link copied (${href.length.toLocaleString('en-US')} characters)`);
    } catch {
      // clipboard permission refused: show the link to copy by hand
      window.prompt('Copy this link:', href);
      setNote(null);
    }
  };
  return (
    <>
      <button type="button" onClick={copy}>
        Copy link
      </button>
      {note ? (
        <span className="small muted" role="status" data-testid="copy-note">
          {note}
        </span>
      ) : null}
    </>
  );
}
