'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import type { Dataset } from '@/app/hooks/useDataset';
import type { UseSpec } from '@/app/hooks/useSpec';
import type { ExperimentSpec, WindowsSpecSource } from '@/lib/spec/schema';
import { linkMismatch } from '@/lib/spec/link-files';
import { specLabels } from '@/lib/eval/from-spec';
import { windowText } from '@/lib/features/window-held';

export interface WindowsSourceState {
  /** a window table (.csv or .parquet, as `harbinger features --out` writes it) */
  open(file: File): void;
  /** why the last file was refused before loading (hashing, or not the link's file) */
  error: string | null;
  /** the link names a window table this tab does not hold yet */
  awaiting: WindowsSpecSource | null;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Loads the spec's window table into the engine from the File this tab holds, again after an
 * engine restart, and turns a dropped table into the spec's source once the engine took it (a
 * refused table names its row and reason in the Source cell and leaves the spec as it was). A
 * link's table waits for its file (checked by SHA-256; the labels travel in the link).
 */
export function useWindowsSource(spec: ExperimentSpec, setSpec: UseSpec['setSpec'], engine: Engine | null, dataset: Dataset, generation: number): WindowsSourceState {
  const { loadWindows } = dataset;
  const src = spec.source.kind === 'windows' ? spec.source : null;
  const sha = src?.file.sha256 ?? null;
  // what the engine is getting or holds: worker generation and file
  const wanted = useRef<string | null>(null);
  const held = useRef<{ file: File; sha256: string } | null>(null);
  const [heldSha, setHeldSha] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // the spec's labels as the load writes them; later changes go through useUploadLabels
  const labels = useRef(specLabels(spec) ?? []);
  labels.current = specLabels(spec) ?? [];

  useEffect(() => {
    if (sha === null) {
      wanted.current = null;
      return;
    }
    if (!engine || generation === 0 || held.current?.sha256 !== sha) return;
    const want = `${generation}\u0000${sha}`;
    if (wanted.current === want) return;
    wanted.current = want;
    const file = held.current.file;
    void loadWindows({ name: file.name, blob: file, lastModified: file.lastModified }, labels.current).then((ok) => {
      if (!ok && wanted.current === want) wanted.current = null;
    });
  }, [engine, generation, sha, heldSha, loadWindows]);

  const awaiting = src && heldSha !== src.file.sha256 ? src : null;

  const open = useCallback(
    (file: File) => {
      if (!engine) return;
      setError(null);
      (async () => {
        const hash = await engine.sha256(file);
        if (!hash.ok) throw new Error(`could not hash ${file.name}: ${hash.error.message}`);
        const sha256 = hash.value;
        if (awaiting) {
          // the link's table: its labels are in the link, the file must be the same bytes
          const why = linkMismatch([awaiting.file], [{ name: file.name, sha256 }]);
          if (why) throw new Error(why);
          held.current = { file, sha256 };
          setHeldSha(sha256);
          return;
        }
        // loaded before the spec points at it: a refused table (row, reason) leaves the experiment as it was
        const want = `${generation}\u0000${sha256}`;
        wanted.current = want;
        const table = await loadWindows({ name: file.name, blob: file, lastModified: file.lastModified }, []);
        if (!table) {
          if (wanted.current === want) wanted.current = null;
          return;
        }
        held.current = { file, sha256 };
        setHeldSha(sha256);
        setSpec((sp) => ({
          ...sp,
          source: { kind: 'windows', file: { name: file.name, size: file.size, sha256 } },
          // the table's spacing is the window; the features offered are its columns
          window: windowText(table.windowSec),
          models: { ...sp.models, features: null },
          explore: { ...sp.explore, range: null },
        }));
      })().catch((e: unknown) => setError(errorText(e)));
    },
    [engine, generation, awaiting, loadWindows, setSpec],
  );

  return { open, error, awaiting };
}
