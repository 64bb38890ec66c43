'use client';
import { messageOf } from '@/lib/jobs/result';

/** Catches what escapes the root layout itself, where app/error.tsx cannot reach: it replaces the whole document. */
export default function GlobalError({ error, reset }: { error: unknown; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', margin: 24 }}>
        <div role="alert" data-testid="app-error">
          <p>Harbinger hit an error it could not handle: {messageOf(error)}</p>
          <button type="button" onClick={reset}>
            Try again
          </button>{' '}
          <a href="/">Open the default experiment</a>
        </div>
      </body>
    </html>
  );
}
