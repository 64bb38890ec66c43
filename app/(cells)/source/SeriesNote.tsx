import { assertNever } from '@/lib/util/assert-never';

/** What a cell that reads log lines cannot show when the source is a NAB metric series or a window table. */
export function SeriesNote({ cell, source = 'nab' }: { cell: 'explore' | 'predict' | 'drilldown' | 'report'; source?: 'nab' | 'windows' }) {
  return (
    <p className="msg info" role="note" data-testid={`series-note-${cell}`}>
      {source === 'windows' ? windowsText(cell) : nabText(cell)}
    </p>
  );
}

function nabText(cell: 'explore' | 'predict' | 'drilldown' | 'report'): string {
  switch (cell) {
    case 'explore':
    case 'drilldown':
    case 'report':
      return 'The source is a NAB metric series (one value per timestamp), not log lines: there are no requests, endpoints, IPs or logins to show. Its chart is under Metrics; the rows are in the nab_series table.';
    case 'predict':
      return "The source is a NAB metric series: its windows mark anomalies, not failures with a labelled run-up, and there are no log lines to learn run-ups from, so the failure predictor's learning, warnings and lead times do not apply here. The Evaluate cell scores the detectors with NAB's scorer instead.";
    default:
      return assertNever(cell);
  }
}

function windowsText(cell: 'explore' | 'predict' | 'drilldown' | 'report'): string {
  const what = 'The source is a window table (features computed outside Harbinger), not log lines';
  switch (cell) {
    case 'explore':
      return `${what}: there are no requests, endpoints, IPs, logins or metric points to show here. Its columns are in the Features cell.`;
    case 'drilldown':
      return `${what}: there are no log lines behind this window to show. The features above are the table's own values.`;
    case 'report':
      return `${what}: findings about traffic (slow endpoints, error routes, busy hours) need log lines and are empty; the detector findings below come from the table.`;
    case 'predict':
      return `${what}: the failure predictor learns from the table's windows and the labels given with it.`;
    default:
      return assertNever(cell);
  }
}
