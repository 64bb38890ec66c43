'use client';
import { useId, useState } from 'react';
import type { UseSpec } from '@/app/hooks/useSpec';
import type { ExperimentSpec } from '@/lib/spec/schema';
import type { RunnableName } from '@/lib/eval/names';
import { LABEL_KIND } from '@/lib/labels/file';
import { confirmAlarm, dismissAlarm, reviewOf, undoReview, type AlarmReview, type Reviewed } from '@/lib/labels/review';
import { fmtTs } from '@/app/components/format';

interface Props {
  source: ExperimentSpec['source'];
  setSpec: UseSpec['setSpec'];
  detector: string;
  /** the alarm's first window start → last window end, epoch ms */
  span: { start: number; end: number };
}

/**
 * "This was an incident" / "False alarm" for an alarm on the user's own logs. Simulated data is
 * left alone: its labels are what the simulator placed, so a verdict could only contradict the
 * truth the scenario defines (and a new seed would regenerate it anyway).
 */
export function AlarmVerdict({ source, setSpec, detector, span }: Props) {
  const kindId = useId();
  const [kind, setKind] = useState('incident');
  const [problem, setProblem] = useState<string | null>(null);
  if (source.kind !== 'upload') {
    return (
      <p className="small muted" data-testid="alarm-verdict">
        {source.kind === 'simulator'
          ? 'Simulated data: its labels are the incidents the simulator placed, the truth these metrics are measured against, so alarms are not confirmed or dismissed here.'
          : source.kind === 'nab'
            ? 'A NAB series: its windows file is the truth NAB scores against, so alarms are not confirmed or dismissed here.'
            : source.kind === 'windows'
              ? 'A window table: its labels come from the labels file given with it (confirming alarms is for uploaded logs).'
              : 'Alarms are confirmed or dismissed on your own uploaded logs; the samples carry no labels to add to.'}
      </p>
    );
  }
  const alarm = { ...span, detector: detector as RunnableName };
  const review = reviewOf(source.reviews, alarm);
  const write = (change: (s: Extract<ExperimentSpec['source'], { kind: 'upload' }>) => Reviewed | AlarmReview[]) => {
    try {
      const refused = setSpec((s) => {
        if (s.source.kind !== 'upload') return s;
        const r = change(s.source);
        const { labels, reviews } = Array.isArray(r) ? { labels: s.source.labels, reviews: r } : r;
        return { ...s, source: { ...s.source, labels: labels && labels.length > 0 ? labels : undefined, reviews: reviews.length > 0 ? reviews : undefined } };
      });
      setProblem(refused ? refused.message : null);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="row small" data-testid="alarm-verdict" data-verdict={review?.verdict ?? 'none'} style={{ marginTop: 6 }}>
      {review ? (
        <>
          <span data-testid="alarm-verdict-text">
            {review.verdict === 'incident' ? 'Confirmed as an incident' : 'Dismissed as a false alarm'}
            {review.detector !== detector || review.start !== span.start || review.end !== span.end ? ` (an alarm of ${review.detector}, ${fmtTs(review.start)} → ${fmtTs(review.end)})` : ''}
            {review.verdict === 'incident' ? ': labeled as a failure in the Source cell, every metric counts it.' : ': kept in the link; metrics are unchanged (an unlabeled alarm already counts as a false alarm).'}
          </span>
          <button type="button" onClick={() => write((s) => undoReview(s.labels, s.reviews, review))}>
            Undo
          </button>
        </>
      ) : (
        <>
          <label htmlFor={kindId}>Kind</label>
          <input id={kindId} size={14} value={kind} onChange={(e) => setKind(e.target.value)} aria-invalid={!LABEL_KIND.test(kind)} />
          <button type="button" disabled={!LABEL_KIND.test(kind)} onClick={() => write((s) => confirmAlarm(s.labels, s.reviews, alarm, kind))}>
            This was an incident
          </button>
          <button type="button" onClick={() => write((s) => dismissAlarm(s.reviews, alarm))}>
            False alarm
          </button>
          <span className="muted">An incident becomes a labeled failure from the alarm&apos;s first window to its last; a false alarm is recorded and changes no metric.</span>
        </>
      )}
      {problem ? (
        <span className="msg error" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}
