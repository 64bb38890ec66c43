import { NoLabels } from '@/app/components/NoLabels';
import type { DetectorResult, EvalRun } from '@/lib/eval/evaluate';
import { reviewCounts } from '@/lib/labels/review';
import type { ExperimentSpec } from '@/lib/spec/schema';

interface Props {
  source: ExperimentSpec['source'];
  run: EvalRun | null;
  /** the detector the Report follows */
  best: DetectorResult | null;
  /** its alarms on the test span */
  alarms: number;
}

/**
 * The Report's word on labels: without them, what it reports all the same (the alarm budget) and
 * what needs them; with reviewed alarms, how many the user confirmed and dismissed.
 */
export function LabelsStatus({ source, run, best, alarms }: Props) {
  const { confirmed, dismissed } = reviewCounts(source.kind === 'upload' ? source.reviews : undefined);
  const unlabeled = run !== null && run.context.labels.length === 0;
  return (
    <>
      {unlabeled ? (
        <>
          <NoLabels cell="report" source={source.kind} />
          {best ? (
            <p className="small" data-testid="report-alarm-budget">
              Alarm budget without labels: {best.name} raised {alarms} alarm{alarms === 1 ? '' : 's'} on the test span,{' '}
              {Number.isFinite(best.false_alarms_per_day) ? best.false_alarms_per_day.toFixed(2) : '–'} a day, every one a false alarm until labels say otherwise.
            </p>
          ) : null}
        </>
      ) : null}
      {confirmed + dismissed > 0 ? (
        <p className="small" data-testid="report-reviews" data-confirmed={confirmed} data-dismissed={dismissed}>
          Alarms you reviewed: {confirmed} confirmed as incident{confirmed === 1 ? '' : 's'} (labeled, so every metric counts {confirmed === 1 ? 'it' : 'them'}), {dismissed} dismissed as
          false alarm{dismissed === 1 ? '' : 's'} (kept in the link; the metrics are unchanged, an unlabeled alarm already counts as false).
        </p>
      ) : null}
    </>
  );
}
