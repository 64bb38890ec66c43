'use client';
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import type { Dataset } from '@/app/hooks/useDataset';
import type { UseSpec } from '@/app/hooks/useSpec';
import { fetchSample } from '@/app/clients/samples';
import type { ExperimentSpec, SampleId, UploadedFile } from '@/lib/spec/schema';
import { linkMismatch } from '@/lib/spec/link-files';
import type { ParseOptions } from '@/lib/ingest/types';
import { tabUploadRefusal } from '@/lib/ingest/limits';
import { PRESETS, type PresetId, type Scenario } from '@/simulator/scenario';
import { estimateLines } from '@/simulator/estimate';
import { specLabels } from '@/lib/eval/from-spec';
import { assertNever } from '@/lib/util/assert-never';
import { awaitingFiles, forgotten, NO_LOADS, pickedFailed, sourceKey, sourceStep, started, succeeded, uploadKey, type SourceLoad, type SourceLoads, type SourceStep } from '@/lib/notebook/source';

/** Rows a simulation may put into the tab's DuckDB (≈ 2–3 GB of renderer memory at the measured ~0.8 KB/row peak). */
const MAX_BROWSER_LINES = 20_000_000;

/** `expect`: the files a link was made from; dropped files must be exactly these (by SHA-256). */
interface Upload { files: File[]; parse: ParseOptions; expect: UploadedFile[] | null }

/** Dropped files a link refused: shown with the reason and an explicit way to use them anyway. */
export interface Refused { files: File[]; parse: ParseOptions; message: string }

const inputs = (files: File[]) => files.map((f) => ({ name: f.name, blob: f, lastModified: f.lastModified }));

/**
 * Keeps the engine's data in line with the spec's source, doing what lib/notebook/source.ts's
 * `sourceStep` says: a simulated or sample source loads by itself whenever it changes; an upload
 * (even one dropped before the engine is ready) wins over anything still on its way, and once
 * loaded and hashed becomes the spec's source. A restarted engine (`generation` moves on) starts
 * empty: the same source is loaded into it again, an upload from the File handles this tab holds.
 */
export function useSource(spec: ExperimentSpec, setSpec: UseSpec['setSpec'], engine: Engine | null, dataset: Dataset, generation: number) {
  const { load, simulate } = dataset;
  const [loads, setLoads] = useState<SourceLoads>(NO_LOADS);
  // the File handles of the upload the engine holds (loads.tabFiles is their key)
  const [tabFiles, setTabFiles] = useState<{ files: File[]; parse: ParseOptions } | null>(null);
  const [pending, setPending] = useState<Upload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<Refused | null>(null);
  // numbers the loads this hook starts, so a sample fetched late does not load over a newer choice
  const attempt = useRef(0);

  const src = spec.source;
  const ready = engine !== null ? generation : 0;
  const step = sourceStep(loads, { source: src, generation: ready, picked: pending !== null });

  const simulateSource = (mine: SourceLoad) => {
    if (src.kind !== 'simulator') return;
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
    // a failed or cancelled simulation is not tried again by itself (the spec still names it)
    void simulate(src.scenario, `${PRESETS[src.preset].label} (seed ${src.scenario.seed})`).then((ok) => ok && setLoads((l) => succeeded(l, mine)));
  };

  const loadSample = (mine: SourceLoad, n: number) => {
    if (src.kind !== 'sample') return;
    fetchSample(src.id).then(
      (file) => {
        if (attempt.current !== n) return; // the user moved on meanwhile
        return load(inputs([file]), { format: 'auto', latencyUnit: 'auto' }).then((ok) => ok && setLoads((l) => succeeded(l, mine)));
      },
      (e: unknown) => setError(`Could not fetch the sample log: ${e instanceof Error ? e.message : String(e)}`),
    );
  };

  const readPicked = (eng: Engine, { files, parse, expect }: Upload, mine: SourceLoad) => {
    // the spec's labels for its uploaded files: written in the same load as the files (one training run)
    const labels = specLabels(spec) ?? [];
    (async () => {
      // refused before a byte is read: a tab cannot hold it, the command line can
      const tooBig = tabUploadRefusal(files);
      if (tooBig) {
        setLoads((l) => pickedFailed(l, mine));
        return setError(tooBig);
      }
      // A link's files are checked against its hashes before loading (the wrong file is refused
      // unread into the tables); new files are hashed while they are parsed, in the same read.
      let sums: string[] | null = null;
      if (expect) {
        const hashes = await Promise.all(files.map((f) => eng.sha256(f)));
        const bad = hashes.find((h) => !h.ok);
        if (bad && !bad.ok) {
          setLoads((l) => pickedFailed(l, mine));
          return setError(`Could not hash the files: ${bad.error.message}`);
        }
        sums = hashes.map((h) => (h as { ok: true; value: string }).value);
        const why = linkMismatch(expect, files.map((f, i) => ({ name: f.name, sha256: (sums as string[])[i] })));
        if (why) {
          setLoads((l) => pickedFailed(l, mine));
          return setRefused({ files, parse, message: why });
        }
      }
      // a link's files come with the link's labels; new files start a new experiment without any
      const reports = await load(inputs(files), parse, expect ? labels : []);
      if (!reports) return setLoads((l) => pickedFailed(l, mine));
      const hashed = sums ?? reports.map((r) => r.sha256);
      if (hashed.some((h) => h === undefined)) {
        setLoads((l) => pickedFailed(l, mine));
        return setError('The engine loaded the files but returned no SHA-256 for them, so the link cannot name them; load them again.');
      }
      const named = hashed as string[];
      setTabFiles({ files, parse });
      setLoads((l) => succeeded(l, { key: uploadKey(named), generation: mine.generation }, true));
      // the link's own files: the spec already names them (and keeps its models, thresholds, queries)
      if (expect) return;
      setSpec((s) => ({
        ...s,
        source: {
          kind: 'upload',
          files: files.map((f, i) => ({ name: f.name, size: f.size, sha256: named[i] })),
          parse: { format: parse.format, latencyUnit: parse.latencyUnit ?? 'auto', ...(parse.year ? { year: parse.year } : {}) },
        },
        explore: { ...s.explore, range: null },
      }));
    })();
  };

  /** Carries out one step; an effect event, so it reads this render's spec and loads. */
  const act = useEffectEvent((s: SourceStep) => {
    switch (s.kind) {
      case 'none':
      case 'ask-files':
        return;
      case 'forget':
        return setLoads(forgotten);
      case 'simulate':
      case 'sample':
      case 'reload-upload':
      case 'upload':
        break;
      default:
        return assertNever(s);
    }
    if (!engine) return;
    const n = ++attempt.current;
    if (s.kind === 'upload') {
      if (!pending) return;
      setPending(null);
      setRefused(null);
      setError(null);
      const mine = { key: `picked:${n}`, generation };
      setLoads((l) => started(l, mine, sourceKey(src)));
      return readPicked(engine, pending, mine);
    }
    const mine = { key: s.key, generation };
    setLoads((l) => started(l, mine));
    if (s.kind === 'reload-upload') {
      // the files were hashed and checked when first read; the spec's labels come with them again
      if (tabFiles) void load(inputs(tabFiles.files), tabFiles.parse, specLabels(spec) ?? []).then((ok) => ok && setLoads((l) => succeeded(l, mine)));
      return;
    }
    setError(null);
    setRefused(null);
    if (s.kind === 'simulate') simulateSource(mine);
    else loadSample(mine, n);
  });
  // one run per distinct step: the step changes as soon as a load is started
  const stepKey = step.kind === 'simulate' || step.kind === 'sample' || step.kind === 'reload-upload' ? `${step.kind}\u0000${step.key}\u0000${generation}` : step.kind;
  useEffect(() => {
    act(step);
    // the step is read through its key
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stepKey]);

  // a link made from uploaded files, whose files the engine does not hold yet
  const awaiting = src.kind === 'upload' && awaitingFiles(loads, src, ready) ? src : null;
  const upload = useCallback(
    (files: File[], parse: ParseOptions) => {
      // dropped for a link: checked against its files and parsed with its settings
      setPending(awaiting ? { files, parse: { format: awaiting.parse.format, latencyUnit: awaiting.parse.latencyUnit, year: awaiting.parse.year }, expect: awaiting.files } : { files, parse, expect: null });
    },
    [awaiting],
  );
  /** Uses refused files anyway, as a new experiment (the link's source is replaced). */
  const acceptRefused = useCallback(() => {
    if (!refused) return;
    setPending({ files: refused.files, parse: refused.parse, expect: null });
  }, [refused]);

  const pickSample = useCallback(
    (id: SampleId) => {
      setSpec((s) => ({ ...s, source: { kind: 'sample', id }, explore: { ...s.explore, range: null } }));
    },
    [setSpec],
  );

  const pickPreset = useCallback(
    (id: PresetId) => {
      setSpec((s) => ({ ...s, source: { kind: 'simulator', preset: id, scenario: structuredClone(PRESETS[id].scenario) as Scenario }, explore: { ...s.explore, range: null } }));
    },
    [setSpec],
  );

  /** A new scenario (edited parameters, a new seed): regenerates, keeping the preset label. */
  const setScenario = useCallback(
    (scenario: Scenario) => {
      setSpec((s) => (s.source.kind === 'simulator' ? { ...s, source: { ...s.source, scenario }, explore: { ...s.explore, range: null } } : s));
    },
    [setSpec],
  );

  // what a restarted engine gets back, said next to "Restart the engine"
  const reload = loads.held?.key.startsWith('upload:')
    ? 'your files are read again from this tab'
    : src.kind === 'simulator'
      ? "re-simulated from the link's scenario"
      : src.kind === 'sample'
        ? 'the sample is read again'
        : null;

  return { upload, acceptRefused, pickSample, pickPreset, setScenario, waiting: pending !== null, error, refused, awaiting, reload };
}
