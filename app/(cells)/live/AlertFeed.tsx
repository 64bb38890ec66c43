'use client';
import type { LiveEvent } from '@/lib/live/contract';
import { assertNever } from '@/lib/util/assert-never';

const fmt = (n: number) => (Math.abs(n) >= 100 || Number.isInteger(n) ? n.toFixed(0) : n.toPrecision(3));
const hhmm = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

function kindLabel(k: LiveEvent['kind']): string {
  switch (k) {
    case 'alarm':
      return 'Alarm';
    case 'warning':
      return 'Warning';
    case 'recovery':
      return 'Recovered';
    default:
      return assertNever(k);
  }
}

/** The alert feed, newest first; a click picks the event's window on the charts. */
export function AlertFeed({ feed, dropped, selected, onPick }: { feed: readonly LiveEvent[]; dropped: number; selected: number | null; onPick: (windowStart: number) => void }) {
  if (feed.length === 0) return <p className="small muted" data-testid="live-feed-empty">No alerts yet.</p>;
  return (
    <>
      <ol className="live-feed" data-testid="live-feed" aria-label="Alerts, newest first">
        {feed.map((e, i) => {
          const start = Date.parse(e.window_start);
          return (
            <li key={`${e.window_start}-${e.detector}-${e.kind}-${i}`} data-kind={e.kind} data-detector={e.detector} data-window-start={start} data-score={String(e.score)} className={`live-event ${e.kind}`}>
              <button type="button" aria-pressed={selected === start} onClick={() => onPick(start)} title="Show this window on the charts">
                <strong>{kindLabel(e.kind)}</strong> · {e.detector} · {fmt(e.score)} / {fmt(e.threshold)} · window {hhmm(e.window_start)}–{e.window_end.slice(11, 16)} UTC
              </button>
              {e.top_features.length > 0 ? (
                <span className="small muted"> — {e.top_features.slice(0, 3).map((f) => `${f.feature} ${fmt(f.value)}`).join(', ')}</span>
              ) : null}
            </li>
          );
        })}
      </ol>
      {dropped > 0 ? <p className="small muted">{dropped.toLocaleString('en-US')} older alerts not shown.</p> : null}
    </>
  );
}
