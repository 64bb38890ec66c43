'use client';
import { useEffect, useRef, useState } from 'react';
import type { Dataset } from '@/app/hooks/useDataset';
import type { ExperimentSpec } from '@/lib/spec/schema';
import { specLabels } from '@/lib/eval/from-spec';

/**
 * Keeps the engine's `labels` table equal to the labels the spec carries for uploaded logs (a
 * labels file the user gave, or a link's): after each load of the files and after each change of
 * the labels. Incident bands and SQL read the table; the evaluation reads the spec's labels itself.
 * Returns why the labels could not be written, or null.
 */
export function useUploadLabels(spec: ExperimentSpec, dataset: Dataset): string | null {
  // a NAB series' windows are its labels
  const upload = spec.source.kind === 'upload' || spec.source.kind === 'nab';
  const labelsKey = spec.source.kind === 'upload' && spec.source.labels ? JSON.stringify(spec.source.labels) : spec.source.kind === 'nab' ? JSON.stringify(spec.source.windows) : '';
  const applied = useRef<{ key: string; loads: number } | null>(null);
  const [error, setError] = useState<{ key: string; message: string } | null>(null);
  const { loaded, loads, applyLabels } = dataset;
  useEffect(() => {
    if (!upload || loaded === null) return;
    const prev = applied.current;
    if (prev && prev.key === labelsKey && prev.loads === loads) return;
    applied.current = { key: labelsKey, loads };
    // a fresh load of the files leaves the table empty: nothing to write when there are no labels
    if (labelsKey === '' && prev?.loads !== loads) return;
    const rows = specLabels(spec) ?? [];
    void applyLabels(rows).then((why) => setError(why ? { key: labelsKey, message: why } : null));
    // spec is read for its labels only, and they are in labelsKey
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [upload, loaded, loads, labelsKey, applyLabels]);
  return error && error.key === labelsKey ? error.message : null;
}
