import { coverage, type LabelCell } from '@/lib/labels/coverage';
import type { ExperimentSpec } from '@/lib/spec/schema';

/** What a cell shows without labeled incidents and what needs them (lib/labels/coverage.ts). */
export function NoLabels({ cell, source }: { cell: LabelCell; source: ExperimentSpec['source']['kind'] }) {
  const c = coverage(cell, source);
  return (
    <div className="msg info" role="status" data-testid={`no-labels-${cell}`}>
      <strong>No labeled incidents in this data.</strong> Shown all the same: {c.shows.join('; ')}. Needs labels: {c.needs.join('; ')}. To add labels: {c.how}.
    </div>
  );
}
