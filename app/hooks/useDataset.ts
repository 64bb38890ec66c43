'use client';
import { useCallback, useRef, useState } from 'react';
import type { Engine, LoadProgress } from '@/app/engine/client';
import type { EngineResult } from '@/lib/engine/result';
import type { ParseOptions, ParseReport } from '@/lib/ingest/types';
import type { SimProgress, SimSummary } from '@/lib/engine/simulate';
import type { Scenario } from '@/simulator/scenario';
import type { FileInput } from '@/workers/engine.worker';

export type Loaded = { kind: 'parse'; reports: ParseReport[] } | { kind: 'sim'; summary: SimSummary };
export type Progress = { kind: 'parse'; progress: LoadProgress | null } | { kind: 'sim'; progress: SimProgress | null };

export type DatasetState =
  | { phase: 'empty' }
  | { phase: 'loading'; names: string[]; progress: Progress }
  | { phase: 'ready'; loaded: Loaded }
  | { phase: 'failed'; names: string[]; message: string }
  | { phase: 'cancelled'; names: string[] };

export interface Dataset {
  state: DatasetState;
  /** bumps after every load; queries re-run on it */
  version: number;
  load(files: FileInput[], parse: ParseOptions): Promise<ParseReport[] | null>;
  simulate(scenario: Scenario, label: string): Promise<SimSummary | null>;
  cancel(): void;
}

/** The data in the engine: one load or simulation at a time (a newer one wins), cancellable, with progress. */
export function useDataset(engine: Engine | null): Dataset {
  const [state, setState] = useState<DatasetState>({ phase: 'empty' });
  const [version, setVersion] = useState(0);
  const seq = useRef(0);

  const run = useCallback(
    async <T,>(names: string[], start: (onProgress: (p: Progress) => void) => Promise<EngineResult<T>>, done: (v: T) => Loaded, empty: Progress) => {
      const id = ++seq.current;
      setState({ phase: 'loading', names, progress: empty });
      const r = await start((progress) => {
        if (seq.current === id) setState({ phase: 'loading', names, progress });
      });
      if (seq.current !== id) return null;
      if (r.ok) setState({ phase: 'ready', loaded: done(r.value) });
      else setState(r.error.kind === 'cancelled' ? { phase: 'cancelled', names } : { phase: 'failed', names, message: r.error.message });
      // a failed or cancelled load may have replaced part of the data: re-query what is there
      setVersion((v) => v + 1);
      return r.ok ? r.value : null;
    },
    [],
  );

  const load = useCallback(
    async (files: FileInput[], parse: ParseOptions) =>
      engine
        ? run(
            files.map((f) => f.name),
            (on) => engine.load(files, parse, (p) => on({ kind: 'parse', progress: p })),
            (reports) => ({ kind: 'parse', reports }),
            { kind: 'parse', progress: null },
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
            (summary) => ({ kind: 'sim', summary }),
            { kind: 'sim', progress: null },
          )
        : null,
    [engine, run],
  );

  const cancel = useCallback(() => engine?.cancel(), [engine]);
  return { state, version, load, simulate, cancel };
}
