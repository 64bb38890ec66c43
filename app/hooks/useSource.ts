'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import type { Dataset } from '@/app/hooks/useDataset';
import type { UseSpec } from '@/app/hooks/useSpec';
import { fetchSample } from '@/app/clients/samples';
import type { ExperimentSpec, SampleId, UploadedFile } from '@/lib/spec/schema';
import { linkMismatch } from '@/lib/spec/link-files';
import type { ParseOptions } from '@/lib/ingest/types';
import { PRESETS, type PresetId, type Scenario } from '@/simulator/scenario';
import { estimateLines } from '@/simulator/estimate';
import { specLabels } from '@/lib/eval/from-spec';
import type { LabelRow } from '@/lib/labels/types';

/** Rows a simulation may put into the tab's DuckDB (≈ 2–3 GB of renderer memory at the measured ~0.8 KB/row peak). */
const MAX_BROWSER_LINES = 20_000_000;

/** `expect`: the files a link was made from; dropped files must be exactly these (by SHA-256). */
interface Upload { files: File[]; parse: ParseOptions; expect: UploadedFile[] | null }

/** A source the engine is getting or holds, and the worker generation it went into. */
interface Want { key: string; generation: number }

/** Dropped files a link refused: shown with the reason and an explicit way to use them anyway. */
export interface Refused { files: File[]; parse: ParseOptions; message: string }

/**
 * Keeps the engine's data in line with the spec's source. A simulated or sample source loads by
 * itself whenever it changes; an upload (even one dropped before the engine is ready) wins over
 * anything still on its way, and once loaded and hashed becomes the spec's source. A restarted
 * engine (`generation` moves on) starts empty: the same source is loaded into it again, an upload
 * from the File handles this tab still holds.
 */
export function useSource(spec: ExperimentSpec, setSpec: UseSpec['setSpec'], engine: Engine | null, dataset: Dataset, generation: number) {
  const { load, simulate } = dataset;
  // the spec's labels for its uploaded files: written in the same load as the files (one training run)
  const labels = useRef<LabelRow[]>([]);
  labels.current = specLabels(spec) ?? [];
  // what the engine is getting or holds (a key of the source, or 'upload'), and in which worker generation
  const wanted = useRef<Want | null>(null);
  // what the engine holds: the latest load that succeeded (loads are atomic, so a failed one changed nothing)
  const held = useRef<Want | null>(null);
  // the files of the upload the engine holds, to read again into a restarted engine
  const lastUpload = useRef<{ files: File[]; parse: ParseOptions } | null>(null);
  const [holdsFiles, setHoldsFiles] = useState(false);
  const hold = useCallback((w: Want, files?: { files: File[]; parse: ParseOptions }) => {
    held.current = w;
    if (files) lastUpload.current = files;
    setHoldsFiles(w.key === 'upload');
  }, []);
  /** A load that did not happen: back to wanting what the engine still holds, unless something newer is wanted. */
  const failed = useCallback((mine: Want) => {
    if (wanted.current === mine) wanted.current = held.current;
  }, []);
  const [pending, setPending] = useState<Upload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<Refused | null>(null);
  // the engine holds the files of the spec's upload source (false: a link named files we do not have yet)
  const [uploadLoaded, setUploadLoaded] = useState(false);

  const src = spec.source;
  const key = src.kind === 'simulator' ? `sim:${JSON.stringify(src.scenario)}` : src.kind === 'sample' ? `sample:${src.id}` : null;
  useEffect(() => {
    const w = wanted.current;
    if (!engine || generation === 0 || key === null || pending || w?.key === 'upload' || (w?.key === key && w.generation === generation)) return;
    const mine = { key, generation };
    wanted.current = mine;
    // a failed or cancelled simulation is not tried again by itself (the spec still names it)
    const done = (ok: unknown) => {
      if (ok) hold(mine);
    };
    setError(null);
    setUploadLoaded(false);
    setRefused(null);
    if (src.kind === 'simulator') {
      let lines: number;
      try {
        lines = Object.values(estimateLines(src.scenario)).reduce((a, n) => a + n, 0);
      } catch (e) {
        // the spec's boundary checks scenarios; this keeps anything it missed out of React's render
        setError(`This scenario cannot be simulated: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      if (lines > MAX_BROWSER_LINES) {
        setError(
          `This scenario makes about ${Math.round(lines / 1e6)} M rows, more than this tab should hold (${MAX_BROWSER_LINES / 1e6} M). ` +
            'Shorten it or lower the request rate, or generate it with `harbinger simulate` and analyse it there.',
        );
        return;
      }
      void simulate(src.scenario, `${PRESETS[src.preset].label} (seed ${src.scenario.seed})`).then(done);
    } else if (src.kind === 'sample') {
      const id = src.id;
      fetchSample(id).then(
        (file) => {
          if (wanted.current !== mine) return; // the user moved on meanwhile
          return load([{ name: file.name, blob: file, lastModified: file.lastModified }], { format: 'auto', latencyUnit: 'auto' }).then(done);
        },
        (e: unknown) => setError(`Could not fetch the sample log: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  }, [engine, generation, key, src, pending, load, simulate, hold]);

  // a NAB series is loaded by useNabSource: what this hook wanted or held is no longer in the engine
  useEffect(() => {
    if (src.kind !== 'nab') return;
    wanted.current = null;
    held.current = null;
    setHoldsFiles(false);
  }, [src.kind]);

  // a restarted engine: read the uploaded files it held again (they are already hashed and checked)
  useEffect(() => {
    const h = held.current;
    const again = lastUpload.current;
    const w = wanted.current;
    if (!engine || generation === 0 || h?.key !== 'upload' || h.generation === generation || !again || (w?.key === 'upload' && w.generation === generation)) return;
    const mine = { key: 'upload', generation };
    wanted.current = mine;
    void load(again.files.map((f) => ({ name: f.name, blob: f, lastModified: f.lastModified })), again.parse, labels.current).then((r) => (r ? hold(mine) : failed(mine)));
  }, [engine, generation, load, hold, failed]);

  useEffect(() => {
    if (!engine || !pending) return;
    const { files, parse, expect } = pending;
    setPending(null);
    setRefused(null);
    setError(null);
    const mine = { key: 'upload', generation };
    wanted.current = mine;
    (async () => {
      // links name files by content hash, so a link can ask for exactly these files again
      const hashes = await Promise.all(files.map((f) => engine.sha256(f)));
      const bad = hashes.find((h) => !h.ok);
      if (bad && !bad.ok) {
        failed(mine);
        return setError(`Could not hash the files: ${bad.error.message}`);
      }
      const sums = hashes.map((h) => (h as { ok: true; value: string }).value);
      if (expect) {
        const why = linkMismatch(expect, files.map((f, i) => ({ name: f.name, sha256: sums[i] })));
        if (why) {
          failed(mine);
          return setRefused({ files, parse, message: why });
        }
      }
      // a link's files come with the link's labels; new files start a new experiment without any
      const reports = await load(files.map((f) => ({ name: f.name, blob: f, lastModified: f.lastModified })), parse, expect ? labels.current : []);
      if (!reports) return failed(mine);
      hold(mine, { files, parse });
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
  }, [engine, generation, pending, load, setSpec, hold, failed]);

  // a link made from uploaded files, whose files the engine does not hold yet
  const awaiting = src.kind === 'upload' && !uploadLoaded ? src : null;
  const upload = useCallback(
    (files: File[], parse: ParseOptions) => {
      wanted.current = { key: 'upload', generation };
      // dropped for a link: checked against its files and parsed with its settings
      setPending(awaiting ? { files, parse: { format: awaiting.parse.format, latencyUnit: awaiting.parse.latencyUnit, year: awaiting.parse.year }, expect: awaiting.files } : { files, parse, expect: null });
    },
    [awaiting, generation],
  );
  /** Uses refused files anyway, as a new experiment (the link's source is replaced). */
  const acceptRefused = useCallback(() => {
    if (!refused) return;
    wanted.current = { key: 'upload', generation };
    setPending({ files: refused.files, parse: refused.parse, expect: null });
  }, [refused, generation]);

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

  // what a restarted engine gets back, said next to "Restart the engine"
  const reload = holdsFiles
    ? 'your files are read again from this tab'
    : src.kind === 'simulator'
      ? "re-simulated from the link's scenario"
      : src.kind === 'sample'
        ? 'the sample is read again'
        : null;

  return { upload, acceptRefused, pickSample, pickPreset, setScenario, waiting: pending !== null, error, refused, awaiting, reload };
}
