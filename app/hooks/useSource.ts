'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Engine } from '@/app/engine/client';
import type { Dataset } from '@/app/hooks/useDataset';
import type { UseSpec } from '@/app/hooks/useSpec';
import { fetchSample, type SampleId } from '@/app/engine/samples';
import type { ExperimentSpec, UploadedFile } from '@/lib/spec/schema';
import { linkMismatch } from '@/lib/spec/link-files';
import type { ParseOptions } from '@/lib/ingest/types';
import { PRESETS, type PresetId, type Scenario } from '@/simulator/scenario';
import { estimateLines } from '@/simulator/estimate';

/** Rows a simulation may put into the tab's DuckDB (≈ 2–3 GB of renderer memory at the measured ~0.8 KB/row peak). */
const MAX_BROWSER_LINES = 20_000_000;

/** `expect`: the files a link was made from; dropped files must be exactly these (by SHA-256). */
interface Upload { files: File[]; parse: ParseOptions; expect: UploadedFile[] | null }

/** Dropped files a link refused: shown with the reason and an explicit way to use them anyway. */
export interface Refused { files: File[]; parse: ParseOptions; message: string }

/**
 * Keeps the engine's data in line with the spec's source. A simulated or sample source loads by
 * itself whenever it changes; an upload (even one dropped before the engine is ready) wins over
 * anything still on its way, and once loaded and hashed becomes the spec's source.
 */
export function useSource(spec: ExperimentSpec, setSpec: UseSpec['setSpec'], engine: Engine | null, dataset: Dataset) {
  const { load, simulate } = dataset;
  // what the engine holds or is getting: a key of the source, 'upload', or null
  const wanted = useRef<string | null>(null);
  const [pending, setPending] = useState<Upload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<Refused | null>(null);
  // the engine holds the files of the spec's upload source (false: a link named files we do not have yet)
  const [uploadLoaded, setUploadLoaded] = useState(false);

  const src = spec.source;
  const key = src.kind === 'simulator' ? `sim:${JSON.stringify(src.scenario)}` : src.kind === 'sample' ? `sample:${src.id}` : null;
  useEffect(() => {
    if (!engine || key === null || pending || wanted.current === key || wanted.current === 'upload') return;
    wanted.current = key;
    setError(null);
    setUploadLoaded(false);
    setRefused(null);
    if (src.kind === 'simulator') {
      const lines = Object.values(estimateLines(src.scenario)).reduce((a, n) => a + n, 0);
      if (lines > MAX_BROWSER_LINES) {
        setError(
          `This scenario makes about ${Math.round(lines / 1e6)} M rows, more than this tab should hold (${MAX_BROWSER_LINES / 1e6} M). ` +
            'Shorten it or lower the request rate, or generate it with `harbinger simulate` and analyse it there.',
        );
        return;
      }
      void simulate(src.scenario, `${PRESETS[src.preset].label} (seed ${src.scenario.seed})`);
    } else if (src.kind === 'sample') {
      const id = src.id;
      fetchSample(id).then(
        (file) => {
          if (wanted.current !== key) return; // the user moved on meanwhile
          return load([{ name: file.name, blob: file, lastModified: file.lastModified }], { format: 'auto', latencyUnit: 'auto' });
        },
        (e: unknown) => setError(`Could not fetch the sample log: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  }, [engine, key, src, pending, load, simulate]);

  useEffect(() => {
    if (!engine || !pending) return;
    const { files, parse, expect } = pending;
    setPending(null);
    setRefused(null);
    setError(null);
    (async () => {
      // links name files by content hash, so a link can ask for exactly these files again
      const hashes = await Promise.all(files.map((f) => engine.sha256(f)));
      const failed = hashes.find((h) => !h.ok);
      if (failed && !failed.ok) return setError(`Could not hash the files: ${failed.error.message}`);
      const sums = hashes.map((h) => (h as { ok: true; value: string }).value);
      if (expect) {
        const why = linkMismatch(expect, files.map((f, i) => ({ name: f.name, sha256: sums[i] })));
        if (why) return setRefused({ files, parse, message: why });
      }
      wanted.current = 'upload';
      const reports = await load(files.map((f) => ({ name: f.name, blob: f, lastModified: f.lastModified })), parse);
      if (!reports) return;
      setUploadLoaded(true);
      // the link's own files: the spec already names them (and keeps its models, thresholds, queries)
      if (expect) return;
      setSpec((s) => ({
        ...s,
        source: {
          kind: 'upload',
          files: files.map((f, i) => ({ name: f.name, size: f.size, sha256: sums[i] })),
          parse: { format: parse.format, latencyUnit: parse.latencyUnit ?? 'auto', ...(parse.year ? { year: parse.year } : {}) },
        },
        explore: { ...s.explore, range: null },
      }));
    })();
  }, [engine, pending, load, setSpec]);

  // a link made from uploaded files, whose files the engine does not hold yet
  const awaiting = src.kind === 'upload' && !uploadLoaded ? src : null;
  const upload = useCallback(
    (files: File[], parse: ParseOptions) => {
      wanted.current = 'upload';
      // dropped for a link: checked against its files and parsed with its settings
      setPending(awaiting ? { files, parse: { format: awaiting.parse.format, latencyUnit: awaiting.parse.latencyUnit, year: awaiting.parse.year }, expect: awaiting.files } : { files, parse, expect: null });
    },
    [awaiting],
  );
  /** Uses refused files anyway, as a new experiment (the link's source is replaced). */
  const acceptRefused = useCallback(() => {
    if (!refused) return;
    wanted.current = 'upload';
    setPending({ files: refused.files, parse: refused.parse, expect: null });
  }, [refused]);

  const pickSample = useCallback(
    (id: SampleId) => {
      wanted.current = null;
      setSpec((s) => ({ ...s, source: { kind: 'sample', id }, explore: { ...s.explore, range: null } }));
    },
    [setSpec],
  );

  const pickPreset = useCallback(
    (id: PresetId) => {
      wanted.current = null;
      setSpec((s) => ({ ...s, source: { kind: 'simulator', preset: id, scenario: structuredClone(PRESETS[id].scenario) as Scenario }, explore: { ...s.explore, range: null } }));
    },
    [setSpec],
  );

  /** A new scenario (edited parameters, a new seed): regenerates, keeping the preset label. */
  const setScenario = useCallback(
    (scenario: Scenario) => {
      wanted.current = null;
      setSpec((s) => (s.source.kind === 'simulator' ? { ...s, source: { ...s.source, scenario }, explore: { ...s.explore, range: null } } : s));
    },
    [setSpec],
  );

  return { upload, acceptRefused, pickSample, pickPreset, setScenario, waiting: pending !== null, error, refused, awaiting };
}
