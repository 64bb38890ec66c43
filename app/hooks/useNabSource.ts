'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import type { Dataset } from '@/app/hooks/useDataset';
import type { UseSpec } from '@/app/hooks/useSpec';
import type { ExperimentSpec, NabSpecSource } from '@/lib/spec/schema';
import { linkMismatch } from '@/lib/spec/link-files';
import { NAB_SAMPLE_DIR, NAB_SAMPLE_WINDOWS, nabSample, type NabSampleId } from '@/lib/eval/nab-samples';
import { nabSeries, nabWindowsFor } from '@/lib/eval/nab-source';

export interface NabSourceState {
  /** picks a shipped NAB series (its windows read from the shipped windows file into the spec) */
  pickSample(id: NabSampleId): void;
  /** a NAB-style CSV and its windows file (combined_windows.json or a plain [start, end] array) */
  open(csv: File, windows: File | null): void;
  /** why the last pick or file was refused, naming the file, line or key */
  error: string | null;
  /** the link names an uploaded series this tab does not hold yet */
  awaiting: NabSpecSource | null;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function fetchText(path: string): Promise<Blob> {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.blob();
}

/**
 * Loads the spec's NAB series into the engine (a sample from public/samples/nab, an upload from
 * the File this tab holds) whenever the source or the engine worker changes, and turns a pick or
 * a dropped pair of files into the spec's source. A link's uploaded series waits for its file
 * (checked by SHA-256; the windows travel in the link).
 */
export function useNabSource(spec: ExperimentSpec, setSpec: UseSpec['setSpec'], engine: Engine | null, dataset: Dataset, generation: number): NabSourceState {
  const { loadNab } = dataset;
  const src = spec.source.kind === 'nab' ? spec.source : null;
  const key = src ? JSON.stringify(src) : null;
  // what the engine is getting or holds, for which worker generation
  const wanted = useRef<string | null>(null);
  // the uploaded series this tab holds, by SHA-256
  const held = useRef<{ file: File; sha256: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [heldSha, setHeldSha] = useState<string | null>(null);

  useEffect(() => {
    if (!src || !key) {
      wanted.current = null;
      return;
    }
    if (!engine || generation === 0) return;
    const want = `${generation}\u0000${key}`;
    if (wanted.current === want) return;
    const series = src.series;
    if (series.kind === 'upload' && held.current?.sha256 !== series.file.sha256) return;
    wanted.current = want;
    setError(null);
    (async () => {
      let file: File;
      if (series.kind === 'sample') {
        const s = nabSample(series.id);
        const blob = await fetchText(`${NAB_SAMPLE_DIR}/${s.key}`);
        file = new File([blob], s.key.slice(s.key.lastIndexOf('/') + 1));
      } else file = held.current!.file;
      if (wanted.current !== want) return;
      // a failed load shows in the Source cell (dataset state) with the file, line and reason
      const ok = await loadNab({ name: file.name, blob: file, lastModified: file.lastModified }, src.key, src.windows);
      if (!ok && wanted.current === want) wanted.current = null;
    })().catch((e: unknown) => {
      if (wanted.current === want) wanted.current = null;
      setError(`Could not fetch the NAB sample: ${errorText(e)}`);
    });
    // src is read through key
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine, generation, key, loadNab, heldSha]);

  const pickSample = useCallback(
    (id: NabSampleId) => {
      const s = nabSample(id);
      setError(null);
      void fetchText(NAB_SAMPLE_WINDOWS)
        .then((b) => b.text())
        .then((text) => {
          const { key: k, windows } = nabWindowsFor(text, NAB_SAMPLE_WINDOWS, s.key);
          setSpec((sp) => ({
            ...sp,
            source: { kind: 'nab', series: { kind: 'sample', id }, key: k, windows },
            // NAB's series are 5-minute rows; the NAB run post-processes as `harbinger nab` does by default
            window: '5m',
            models: { ...sp.models, post: { ...sp.models.post, kind: 'likelihood+extreme' } },
            explore: { ...sp.explore, range: null },
          }));
        })
        .catch((e: unknown) => setError(`Could not open the NAB sample ${s.key}: ${errorText(e)}`));
    },
    [setSpec],
  );

  const awaiting = src && src.series.kind === 'upload' && heldSha !== src.series.file.sha256 ? src : null;

  const open = useCallback(
    (csv: File, windowsFile: File | null) => {
      if (!engine) return;
      setError(null);
      (async () => {
        const hash = await engine.sha256(csv);
        if (!hash.ok) throw new Error(`could not hash ${csv.name}: ${hash.error.message}`);
        const sha256 = hash.value;
        if (awaiting && awaiting.series.kind === 'upload') {
          // the link's series: its windows are in the link, the file must be the same bytes
          const why = linkMismatch([awaiting.series.file], [{ name: csv.name, sha256 }]);
          if (why) throw new Error(why);
          held.current = { file: csv, sha256 };
          setHeldSha(sha256);
          return;
        }
        if (!windowsFile) throw new Error(`give the windows of ${csv.name} too (NAB's combined_windows.json or a JSON array of [start, end])`);
        const { key: k, windows } = nabWindowsFor(await windowsFile.text(), windowsFile.name, csv.name);
        // read here first, so a bad line or a window outside the series is named before the spec points at the file
        nabSeries(await csv.text(), csv.name, k, windows);
        held.current = { file: csv, sha256 };
        setHeldSha(sha256);
        setSpec((sp) => ({
          ...sp,
          source: { kind: 'nab', series: { kind: 'upload', file: { name: csv.name, size: csv.size, sha256 } }, key: k, windows },
          models: { ...sp.models, post: { ...sp.models.post, kind: 'likelihood+extreme' } },
          explore: { ...sp.explore, range: null },
        }));
      })().catch((e: unknown) => setError(errorText(e)));
    },
    [engine, awaiting, setSpec],
  );

  return { pickSample, open, error, awaiting };
}
