'use client';
import { useMemo } from 'react';
import type { Engine } from '@/app/clients/engine';
import type { FrameAhead } from '@/app/hooks/useEngine';
import { FrameCache } from '@/lib/notebook/frames';
import { scenarioKey } from '@/lib/jobs/scenario-key';

/**
 * The engine as the Features cell and the evaluation see it: the same engine, with `features`
 * answered from one frame cache per loaded dataset (lib/notebook/frames.ts), so a frame both need
 * is fetched and transferred once. When the loaded data is the simulation the engine worker
 * computed a frame for before DuckDB started (`ahead`), that frame answers its request: no query.
 */
export function useFrames(engine: Engine | null, dataVersion: number, ahead: FrameAhead | null, loadedScenario: string | null): Engine | null {
  return useMemo(() => {
    if (!engine) return null;
    const cache = new FrameCache(dataVersion, (r) => engine.features(r.windowSec, r.features === null ? null : [...r.features], r.fit));
    if (ahead && loadedScenario === scenarioKey(ahead.request.scenario)) {
      const { windowSec, features, fit } = ahead.request;
      cache.seed({ windowSec, features, fit }, ahead.inputs.then((r) => (r.ok && r.value ? { ok: true as const, value: r.value.frame } : null)));
    }
    const framed: Engine = { ...engine, features: (windowSec, features, fit) => cache.get({ windowSec, features, fit }) };
    return framed;
  }, [engine, dataVersion, ahead, loadedScenario]);
}
