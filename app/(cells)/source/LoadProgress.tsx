'use client';
import type { Progress } from '@/app/hooks/useDataset';
import { fmtInt } from '@/app/components/format';

/** Progress of the file being parsed or the simulation running: how far, rows, rows/s, and Cancel. */
export function LoadProgress({ names, progress, onCancel }: { names: string[]; progress: Progress; onCancel: () => void }) {
  let what = names.join(', ');
  let frac: number | null = null;
  let detail = 'starting…';
  if (progress.kind === 'parse' && progress.progress) {
    const p = progress.progress;
    what = `${p.source} (${p.fileIndex + 1}/${p.fileCount})`;
    frac = p.bytesTotal ? p.bytesRead / p.bytesTotal : null;
    const rate = p.elapsedMs > 0 ? (p.lines / p.elapsedMs) * 1000 : null;
    detail = `${fmtInt(p.lines)} lines · ${rate ? fmtInt(rate) : '–'} lines/s · ${fmtInt(p.rejected)} rejected`;
  } else if (progress.kind === 'sim' && progress.progress) {
    const p = progress.progress;
    what = `${names.join(', ')}: ${p.table} (${p.tableIndex + 1}/${p.tableCount})`;
    frac = (p.tableIndex + p.fraction) / p.tableCount;
    const rate = p.elapsedMs > 0 ? (p.rows / p.elapsedMs) * 1000 : null;
    detail = `${fmtInt(p.rows)} rows · ${rate ? fmtInt(rate) : '–'} rows/s`;
  }
  return (
    <div className="row" role="status" aria-live="polite" data-testid="load-progress">
      <span>{progress.kind === 'sim' ? 'Simulating' : 'Loading'} {what}</span>
      <progress aria-label={progress.kind === 'sim' ? 'Simulation progress' : 'Parsing progress'} max={1} value={frac ?? undefined} />
      <span className="small">{detail}</span>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
