'use client';
import type { AlarmEvent } from '@/lib/metrics/events';
import { reviewOf, type AlarmReview } from '@/lib/labels/review';
import { fmtTs } from '@/app/components/format';
import type { AlarmRef } from './DrillDown';

interface Props {
  detector: string;
  alarms: readonly AlarmEvent[];
  /** frame index of the test span's first window (alarm indices count from it) */
  offset: number;
  /** the user's verdicts on alarms of their own logs */
  reviews: readonly AlarmReview[] | undefined;
  onAlarm: (a: AlarmRef) => void;
}

const MAX_SHOWN = 100;

/** A detector's alarms on the test span, each opening the drill-down; reviewed ones say their verdict. */
export function AlarmList({ detector, alarms, offset, reviews, onAlarm }: Props) {
  const reviewed = alarms.map((a) => reviewOf(reviews, { start: a.start, end: a.end, detector }));
  const dismissed = reviewed.filter((r) => r?.verdict === 'false-alarm').length;
  return (
    <details className="alarms">
      <summary>
        {alarms.length} alarm{alarms.length === 1 ? '' : 's'} on the test span
        {dismissed > 0 ? `, ${dismissed} dismissed as false` : ''}
      </summary>
      <ul className="alarm-list" aria-label={`Alarms of ${detector}`}>
        {alarms.slice(0, MAX_SHOWN).map((a, i) => {
          const verdict = reviewed[i]?.verdict;
          return (
            <li key={a.start} data-verdict={verdict ?? 'none'}>
              <button type="button" onClick={() => onAlarm({ detector, first: a.firstIndex + offset, last: a.lastIndex + offset })} style={verdict === 'false-alarm' ? { textDecoration: 'line-through' } : undefined}>
                {fmtTs(a.start)} · {a.lastIndex - a.firstIndex + 1} window{a.lastIndex > a.firstIndex ? 's' : ''}
                {verdict === 'false-alarm' ? ' · dismissed' : verdict === 'incident' ? ' · confirmed' : ''}
              </button>
            </li>
          );
        })}
      </ul>
      {alarms.length > MAX_SHOWN ? <p className="small muted">First {MAX_SHOWN} of {alarms.length}.</p> : null}
    </details>
  );
}
