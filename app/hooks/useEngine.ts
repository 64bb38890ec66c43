'use client';
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { Scenario } from '@/simulator/scenario';
import { startEngine, type Engine, type EngineHealth } from '@/app/clients/engine';

export interface EngineState {
  /** the engine, once its first worker is ready; the same object across restarts */
  engine: Engine | null;
  health: EngineHealth;
  /** the latest worker generation that became ready (0: none yet); data must be (re)loaded into each */
  generation: number;
  /** stops the worker and starts a fresh one; the data is reloaded into it */
  restart(): void;
}

/**
 * Starts the engine worker once per mounted workbench, follows its health, and terminates it on
 * unmount. `scenario`: the simulation the page opens with (null for other sources), handed to the
 * worker at once so it generates the rows while DuckDB starts.
 */
export function useEngine(scenario: Scenario | null): EngineState {
  const [health, setHealth] = useState<EngineHealth>({ state: 'starting', generation: 0 });
  const [engine, setEngine] = useState<Engine | null>(null);
  const [generation, setGeneration] = useState(0);
  const current = useRef<Engine | null>(null);
  // the scenario when the engine starts, not a dependency: the worker starts once
  const opening = useEffectEvent(() => scenario);
  useEffect(() => {
    performance.mark('harbinger:mounted');
    const e = startEngine();
    current.current = e;
    const first = opening();
    if (first) e.prepare(first);
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
  return { engine, health, generation, restart };
}
