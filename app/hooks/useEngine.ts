'use client';
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { startEngine, type Engine, type EngineHealth } from '@/app/clients/engine';
import type { EngineResult } from '@/lib/jobs/result';
import type { AheadInputs } from '@/lib/jobs/ahead';
import type { AheadRequest } from '@/lib/notebook/ahead';

/** The feature frame and labels the engine worker computes from the opening simulation while DuckDB starts. */
export interface FrameAhead {
  request: AheadRequest;
  inputs: Promise<EngineResult<AheadInputs | null>>;
  /** the run came from the cache: the worker stops computing the frame */
  drop(): void;
}

export interface EngineState {
  /** the engine, once its first worker is ready; the same object across restarts */
  engine: Engine | null;
  health: EngineHealth;
  /** the latest worker generation that became ready (0: none yet); data must be (re)loaded into each */
  generation: number;
  /** stops the worker and starts a fresh one; the data is reloaded into it */
  restart(): void;
  /** the opening simulation's frame, asked for as the worker starts (null for other sources) */
  ahead: FrameAhead | null;
}

/**
 * Starts the engine worker once per mounted workbench, follows its health, and terminates it on
 * unmount. `opening`: the simulation the page opens with and the frame it trains on (null for
 * other sources), handed to the worker at once so it generates the rows and computes the frame
 * from them while DuckDB starts.
 */
export function useEngine(opening: AheadRequest | null): EngineState {
  const [health, setHealth] = useState<EngineHealth>({ state: 'starting', generation: 0 });
  const [engine, setEngine] = useState<Engine | null>(null);
  const [generation, setGeneration] = useState(0);
  const [ahead, setAhead] = useState<FrameAhead | null>(null);
  const current = useRef<Engine | null>(null);
  // the opening simulation when the engine starts, not a dependency: the worker starts once
  const openingNow = useEffectEvent(() => opening);
  useEffect(() => {
    performance.mark('harbinger:mounted');
    const e = startEngine();
    current.current = e;
    const first = openingNow();
    if (first) {
      e.prepare(first.scenario);
      const inputs = e.frameAhead(first.scenario, first.windowSec, first.features, first.fit);
      void inputs.then((r) => r.ok && r.value && performance.mark('harbinger:frame-ahead'));
      setAhead({ request: first, inputs, drop: () => e.dropFrameAhead() });
    }
    const follow = (h: EngineHealth) => {
      setHealth(h);
      if (h.state === 'ready') {
        // read by bench/browser-models.ts (where a cold start's time goes)
        performance.mark('harbinger:engine-ready');
        setEngine(e);
        setGeneration((g) => Math.max(g, h.generation));
      }
    };
    const off = e.subscribe(follow);
    follow(e.health());
    return () => {
      off();
      current.current = null;
      e.dispose();
    };
  }, []);
  const restart = useCallback(() => current.current?.restart('asked from the page'), []);
  return { engine, health, generation, restart, ahead };
}
