/** What a cell that reads log lines cannot show when the source is a NAB metric series. */
export function SeriesNote({ cell }: { cell: 'explore' | 'predict' }) {
  return (
    <p className="msg info" role="note" data-testid={`series-note-${cell}`}>
      {cell === 'explore'
        ? 'The source is a NAB metric series (one value per timestamp), not log lines: there are no requests, endpoints, IPs or logins to show. Its chart is under Metrics; the rows are in the nab_series table.'
        : "The source is a NAB metric series: its windows mark anomalies, not failures with a labelled run-up, and there are no log lines to learn run-ups from, so the failure predictor's learning, warnings and lead times do not apply here. The Evaluate cell scores the detectors with NAB's scorer instead."}
    </p>
  );
}
