/**
 * What the Evaluate, Predict and Report cells can show without labeled incidents, and what needs
 * them: one wording for all three, so the cells never disagree about it.
 */
import type { ExperimentSpec } from '../spec/schema';
import { assertNever } from '../util/assert-never';

export type LabelCell = 'evaluate' | 'predict' | 'report';

export interface Coverage {
  /** what the cell shows all the same */
  shows: string[];
  /** what stays empty until there are labels */
  needs: string[];
  /** where labels come from for this source */
  how: string;
}

/** Where the user gets labels for this source. */
export function labelsHow(source: ExperimentSpec['source']['kind']): string {
  switch (source) {
    case 'upload':
      return 'give a labels file in the Source cell, mark a selected range there, or confirm alarms in the Evaluate cell’s drill-down';
    case 'sample':
      return 'the samples carry no labels; upload your own logs with a labels file to score detectors against incidents';
    case 'simulator':
      return 'this scenario placed no incidents; add some in the Simulate cell';
    case 'nab':
      return 'this series has no windows in its windows file; give a windows file that lists its anomalies';
    case 'windows':
      return 'give a labels file with the window table in the Source cell';
    default:
      return assertNever(source);
  }
}

export function coverage(cell: LabelCell, source: ExperimentSpec['source']['kind']): Coverage {
  const how = labelsHow(source);
  switch (cell) {
    case 'evaluate':
      return {
        shows: ['each detector’s score over time with its threshold', 'its alarms (open one to see the features and log lines behind it)', 'the alarm budget: alarms a day on the test span (every alarm counts as a false alarm)'],
        needs: ['precision, recall, F1, PR-AUC and VUS-PR', 'incidents detected (event recall) and per failure kind', 'lead times'],
        how,
      };
    case 'predict':
      return {
        shows: ['nothing yet: the failure predictor learns only from labeled failures and their run-ups'],
        needs: ['the probability that a failure is coming, its warnings and their lead times (precursor rows teach it the run-up)'],
        how,
      };
    case 'report':
      return {
        shows: ['findings from the data (slow endpoints, error routes, hours)', 'the alarms of the quietest detector, their likely kind and the features behind them', 'alarms a day on the test span (all counted as false alarms)'],
        needs: ['which detector is best (ranked by F1 with labels)', 'precision/recall, incidents detected and lead times'],
        how,
      };
    default:
      return assertNever(cell);
  }
}
