'use client';
import { useCallback, useEffect, useRef } from 'react';
import { useSpec } from '@/app/hooks/useSpec';
import { useEngine } from '@/app/hooks/useEngine';
import { useDataset } from '@/app/hooks/useDataset';
import { fetchSample, type SampleId } from '@/app/engine/samples';
import { SourceCell } from '@/app/(cells)/source/SourceCell';
import { ExploreCell } from '@/app/(cells)/explore/ExploreCell';
import type { ParseOptions } from '@/lib/ingest/types';

/** The notebook: every cell derives from the experiment spec (in the URL) and the loaded data. */
export function Workbench() {
  const { spec, setSpec, error, dismissError } = useSpec();
  const status = useEngine();
  const engine = status.state === 'ready' ? status.engine : null;
  const dataset = useDataset(engine);
  const { load } = dataset;
  const loadedSample = useRef<string | null>(null);

  // A sample source loads by itself (the default experiment); uploads need the user's files.
  const sampleId = spec.source.kind === 'sample' ? spec.source.id : null;
  useEffect(() => {
    if (!engine || !sampleId || loadedSample.current === sampleId) return;
    loadedSample.current = sampleId;
    fetchSample(sampleId).then(
      (file) => load([{ name: file.name, blob: file, lastModified: file.lastModified }], { format: 'auto', latencyUnit: 'auto' }),
      () => undefined,
    );
  }, [engine, sampleId, load]);

  const onSample = useCallback(
    (id: SampleId) => {
      loadedSample.current = null;
      setSpec((s) => ({ ...s, source: { kind: 'sample', id }, explore: { ...s.explore, range: null } }));
    },
    [setSpec],
  );

  const onUpload = useCallback(
    async (files: File[], parse: ParseOptions) => {
      loadedSample.current = null;
      const reports = await load(
        files.map((f) => ({ name: f.name, blob: f, lastModified: f.lastModified })),
        parse,
      );
      if (!reports || !engine) return;
      // Links name the files by content hash, so opening one with a different file is refused.
      const hashes = await Promise.all(files.map((f) => engine.sha256(f)));
      const sha = hashes.map((h) => (h.ok ? h.value : null));
      if (sha.some((h) => h === null)) return;
      setSpec((s) => ({
        ...s,
        source: { kind: 'upload', files: files.map((f, i) => ({ name: f.name, size: f.size, sha256: sha[i]! })), parse: { format: parse.format, latencyUnit: parse.latencyUnit ?? 'auto', ...(parse.year ? { year: parse.year } : {}) } },
        explore: { ...s.explore, range: null },
      }));
    },
    [engine, load, setSpec],
  );

  return (
    <>
      <header className="app">
        <h1>Harbinger</h1>
        <span className="tag">log anomaly workbench — your logs stay in this browser tab</span>
      </header>
      <main>
        {error ? (
          <div className="msg error" role="alert" data-testid="spec-error">
            {error.message} <button type="button" onClick={dismissError}>Dismiss</button>
          </div>
        ) : null}
        {status.state === 'failed' ? (
          <div className="msg error" role="alert">
            The data engine could not start: {status.message}
          </div>
        ) : null}
        {status.state === 'starting' ? <p className="msg info">Starting the data engine…</p> : null}
        <SourceCell spec={spec} engine={engine} dataset={dataset} onUpload={onUpload} onSample={onSample} />
        {engine && dataset.version > 0 ? <ExploreCell spec={spec} setSpec={setSpec} engine={engine} version={dataset.version} /> : null}
      </main>
    </>
  );
}
