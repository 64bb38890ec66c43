'use client';
import type { LoadProgress as Progress } from '@/app/engine/client';
import { fmtInt } from '@/app/components/format';

/** Progress of the file being parsed: bytes, lines, lines/s, and a cancel button. */
export function LoadProgress({ names, progress, onCancel }: { names: string[]; progress: Progress | null; onCancel: () => void }) {
  const frac = progress && progress.bytesTotal ? progress.bytesRead / progress.bytesTotal : null;
  const rate = progress && progress.elapsedMs > 0 ? (progress.lines / progress.elapsedMs) * 1000 : null;
  return (
    <div className="row" role="status" aria-live="polite" data-testid="load-progress">
      <span>
        Loading {progress ? `${progress.source} (${progress.fileIndex + 1}/${progress.fileCount})` : names.join(', ')}
      </span>
      <progress aria-label="Parsing progress" max={1} value={frac ?? undefined} />
      <span className="small">
        {progress ? `${fmtInt(progress.lines)} lines · ${rate ? fmtInt(rate) : '–'} lines/s · ${fmtInt(progress.rejected)} rejected` : 'starting…'}
      </span>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
