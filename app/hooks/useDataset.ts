'use client';
import { useCallback, useRef, useState } from 'react';
import type { Engine, LoadProgress } from '@/app/engine/client';
import type { ParseOptions, ParseReport } from '@/lib/ingest/types';
import type { FileInput } from '@/workers/engine.worker';

export type DatasetState =
  | { phase: 'empty' }
  | { phase: 'loading'; names: string[]; progress: LoadProgress | null }
  | { phase: 'ready'; reports: ParseReport[] }
  | { phase: 'failed'; names: string[]; message: string }
  | { phase: 'cancelled'; names: string[] };

export interface Dataset {
  state: DatasetState;
  /** bumps after every successful load; queries re-run on it */
  version: number;
  load(files: FileInput[], parse: ParseOptions): Promise<ParseReport[] | null>;
  cancel(): void;
}

/** The data loaded into the engine: one load at a time, cancellable, with progress. */
export function useDataset(engine: Engine | null): Dataset {
  const [state, setState] = useState<DatasetState>({ phase: 'empty' });
  const [version, setVersion] = useState(0);
  const seq = useRef(0);

  const load = useCallback(
    async (files: FileInput[], parse: ParseOptions) => {
      if (!engine) return null;
      const names = files.map((f) => f.name);
      const id = ++seq.current;
      setState({ phase: 'loading', names, progress: null });
      const r = await engine.load(files, parse, (progress) => {
        if (seq.current === id) setState({ phase: 'loading', names, progress });
      });
      if (seq.current !== id) return null;
      if (r.ok) {
        setState({ phase: 'ready', reports: r.value });
        setVersion((v) => v + 1);
        return r.value;
      }
      setState(r.error.kind === 'cancelled' ? { phase: 'cancelled', names } : { phase: 'failed', names, message: r.error.message });
      // a failed or cancelled load may have replaced part of the data: re-query what is there
      setVersion((v) => v + 1);
      return null;
    },
    [engine],
  );

  const cancel = useCallback(() => engine?.cancel(), [engine]);
  return { state, version, load, cancel };
}
