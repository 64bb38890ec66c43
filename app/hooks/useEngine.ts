'use client';
import { useEffect, useState } from 'react';
import { startEngine, type Engine } from '@/app/engine/client';

export type EngineStatus = { state: 'starting' } | { state: 'ready'; engine: Engine } | { state: 'failed'; message: string };

/** Starts the engine worker once per mounted workbench and terminates it on unmount. */
export function useEngine(): EngineStatus {
  const [status, setStatus] = useState<EngineStatus>({ state: 'starting' });
  useEffect(() => {
    const engine = startEngine();
    let live = true;
    engine.init().then((r) => {
      if (!live) return;
      setStatus(r.ok ? { state: 'ready', engine } : { state: 'failed', message: r.error.message });
    });
    return () => {
      live = false;
      engine.dispose();
    };
  }, []);
  return status;
}
