'use client';
import { messageOf } from '@/lib/jobs/result';

/**
 * Catches what escapes a cell (each cell has its own boundary, CellBoundary): a throw in the
 * notebook's own hooks would otherwise leave a blank tab. "Try again" renders the workbench afresh
 * from the link; the default experiment is one click away.
 */
export default function AppError({ error, reset }: { error: unknown; reset: () => void }) {
  return (
    <main>
      <div className="msg error" role="alert" data-testid="app-error">
        <p>The workbench hit an error it could not handle: {messageOf(error)}</p>
        <p className="small">Your logs never left this tab. Trying again starts the data engine afresh and loads the experiment in the link again.</p>
        <button type="button" className="primary" onClick={reset}>
          Try again
        </button>{' '}
        {/* a plain link: a full load without the link's hash, not a client-side navigation */}
        <a href="/">Open the default experiment</a>
      </div>
    </main>
  );
}
