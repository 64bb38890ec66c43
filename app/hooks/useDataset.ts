'use client';
import { startTransition, useCallback, useRef, useState } from 'react';
import type { Engine, LoadProgress } from '@/app/clients/engine';
import type { EngineResult } from '@/lib/jobs/result';
import type { ParseOptions, ParseReport } from '@/lib/ingest/types';
import type { SimProgress, SimSummary } from '@/lib/jobs/simulate';
import type { Scenario } from '@/simulator/scenario';
import type { FileInput } from '@/workers/engine.worker';
import type { LabelRow } from '@/lib/labels/types';
import type { NabWindow } from '@/lib/metrics/nab';
import { nabLabelRows } from '@/lib/eval/nab-source';
import { scenarioKey } from '@/lib/jobs/scenario-key';
import type { WindowTableSummary } from '@/lib/features/window-held';

/** How the page compares the labels the engine holds with the spec's. */
export const labelsKey = (rows: readonly LabelRow[]) => JSON.stringify(rows);

/** `scenario` (sim): the scenarioKey of the simulation loaded */
export type Loaded = { kind: 'parse'; reports: ParseReport[] } | { kind: 'sim'; summary: SimSummary; scenario: string } | { kind: 'windows'; table: WindowTableSummary };
export type Progress = { kind: 'parse'; progress: LoadProgress | null } | { kind: 'sim'; progress: SimProgress | null };

export type DatasetState =
  | { phase: 'empty' }
  | { phase: 'loading'; names: string[]; progress: Progress }
  | { phase: 'ready'; loaded: Loaded }
  | { phase: 'failed'; names: string[]; message: string }
  | { phase: 'cancelled'; names: string[] };

export interface Dataset {
  state: DatasetState;
  /**
   * the whole dataset the engine holds, whatever the latest load did: loads are atomic, so a
   * failed or cancelled one leaves this unchanged; null when nothing is loaded (or the engine
   * was restarted and the data is being loaded again)
   */
  loaded: Loaded | null;
  /** bumps after every load that changed the data, and after new labels; queries re-run and models train on it */
  version: number;
  /**
   * the user's labels the engine's `labels` table holds (as `labelsKey` of them), written with the
   * files by the latest load or by applyLabels; null when the latest load was not an upload
   */
  labelsHeld: string | null;
  /** puts the user's labels in the engine's `labels` table (bands, SQL); null when that worked, else why not */
  applyLabels(rows: LabelRow[]): Promise<string | null>;
  /** `labels`: the user's incidents for these files, written in the same atomic load */
  load(files: FileInput[], parse: ParseOptions, labels?: LabelRow[]): Promise<ParseReport[] | null>;
  /** a NAB series with its key and windows (lib/eval/nab-source.ts): a metric load plus the nab_* tables */
  loadNab(file: FileInput, key: string, windows: NabWindow[]): Promise<ParseReport[] | null>;
  /** a window table (lib/features/window-file.ts) in place of log lines, with the user's labels */
  loadWindows(file: FileInput, labels: LabelRow[]): Promise<WindowTableSummary | null>;
  simulate(scenario: Scenario, label: string): Promise<SimSummary | null>;
  cancel(): void;
}

/**
 * The data in the engine: one load or simulation at a time (a newer one wins), cancellable, with
 * progress. `generation` is the engine worker the data lives in: a restarted engine starts empty.
 */
export function useDataset(engine: Engine | null, generation: number): Dataset {
  const [state, setState] = useState<DatasetState>({ phase: 'empty' });
  const [held, setHeld] = useState<{ loaded: Loaded; generation: number } | null>(null);
  const [version, setVersion] = useState(0);
  const [labelsHeld, setLabelsHeld] = useState<string | null>(null);
  const seq = useRef(0);

  const run = useCallback(
    async <T,>(names: string[], start: (onProgress: (p: Progress) => void) => Promise<EngineResult<T>>, done: (v: T) => Loaded, empty: Progress, labels: string | null) => {
      const id = ++seq.current;
      const gen = generation;
      let finished = false;
      performance.mark('harbinger:load-start');
      setState({ phase: 'loading', names, progress: empty });
      const r = await start((progress) => {
        // progress travels on its own message port, so a last frame can land after the result:
        // it must not put a finished load back to "loading". A transition: an update every 50 ms
        // that interrupted a longer render (a finished run's results, drawn while the data loads)
        // would restart it each time; the ready state set after it still wins (updates apply in order)
        if (!finished && seq.current === id) startTransition(() => setState({ phase: 'loading', names, progress }));
      });
      finished = true;
      if (seq.current !== id) return null;
      if (r.ok) {
        performance.mark('harbinger:data-in');
        const loaded = done(r.value);
        setState({ phase: 'ready', loaded });
        setHeld({ loaded, generation: gen });
        setVersion((v) => v + 1);
        setLabelsHeld(labels);
      } else setState(r.error.kind === 'cancelled' ? { phase: 'cancelled', names } : { phase: 'failed', names, message: r.error.message });
      return r.ok ? r.value : null;
    },
    [generation],
  );

  const load = useCallback(
    async (files: FileInput[], parse: ParseOptions, labels: LabelRow[] = []) =>
      engine
        ? run(
            files.map((f) => f.name),
            (on) => engine.load(files, parse, (p) => on({ kind: 'parse', progress: p }), labels),
            (reports) => ({ kind: 'parse', reports }),
            { kind: 'parse', progress: null },
            labelsKey(labels),
          )
        : null,
    [engine, run],
  );

  const loadNab = useCallback(
    async (file: FileInput, key: string, windows: NabWindow[]) =>
      engine
        ? run(
            [file.name],
            (on) => engine.loadNab(file, key, windows, (p) => on({ kind: 'parse', progress: p })),
            (reports) => ({ kind: 'parse', reports }),
            { kind: 'parse', progress: null },
            labelsKey(nabLabelRows(windows)),
          )
        : null,
    [engine, run],
  );

  const loadWindows = useCallback(
    async (file: FileInput, labels: LabelRow[]) =>
      engine
        ? run(
            [file.name],
            () => engine.loadWindows(file, labels),
            (table) => ({ kind: 'windows', table }),
            { kind: 'parse', progress: null },
            labelsKey(labels),
          )
        : null,
    [engine, run],
  );

  const simulate = useCallback(
    async (scenario: Scenario, label: string) =>
      engine
        ? run(
            [label],
            (on) => engine.simulate(scenario, (p) => on({ kind: 'sim', progress: p })),
            (summary) => ({ kind: 'sim', summary, scenario: scenarioKey(scenario) }),
            { kind: 'sim', progress: null },
            null,
          )
        : null,
    [engine, run],
  );

  const applyLabels = useCallback(
    async (rows: LabelRow[]) => {
      if (!engine) return 'the data engine is not running';
      const r = await engine.setLabels(rows);
      if (!r.ok) return r.error.message;
      setVersion((v) => v + 1);
      setLabelsHeld(labelsKey(rows));
      return null;
    },
    [engine],
  );

  const cancel = useCallback(() => engine?.cancel(), [engine]);
  const loaded = held !== null && held.generation === generation ? held.loaded : null;
  return { state, loaded, version, labelsHeld, load, loadNab, loadWindows, simulate, cancel, applyLabels };
}
