'use client';
import { useEffect, useRef, useState } from 'react';
import { labelsKey, type Dataset } from '@/app/hooks/useDataset';
import type { ExperimentSpec } from '@/lib/spec/schema';
import { specLabels } from '@/lib/eval/from-spec';

/**
 * Keeps the engine's `labels` table equal to the labels the spec carries for uploaded logs (a
 * labels file the user gave, marked ranges, confirmed alarms, or a link's). A load of the files
 * writes the spec's labels with them (one swap, so a link with labels trains once); this writes
 * them again only when they differ from what the engine holds: the user changed them, or they
 * changed while the files were loading. Incident bands and SQL read the table; the evaluation
 * reads the spec's labels itself. Returns why the labels could not be written, or null.
 */
export function useUploadLabels(spec: ExperimentSpec, dataset: Dataset): string | null {
  // a NAB series' windows are its labels
  const upload = spec.source.kind === 'upload' || spec.source.kind === 'nab' || spec.source.kind === 'windows';
  const rows = upload ? (specLabels(spec) ?? []) : null;
  const key = rows ? labelsKey(rows) : '';
  const sent = useRef<string | null>(null);
  const [error, setError] = useState<{ key: string; message: string } | null>(null);
  const { loaded, labelsHeld, applyLabels } = dataset;
  useEffect(() => {
    if (!upload || loaded === null || labelsHeld === key || sent.current === key) return;
    sent.current = key;
    void applyLabels(JSON.parse(key)).then((why) => {
      if (sent.current === key) sent.current = null;
      setError(why ? { key, message: why } : null);
    });
  }, [upload, loaded, labelsHeld, key, applyLabels]);
  return error && error.key === key ? error.message : null;
}
