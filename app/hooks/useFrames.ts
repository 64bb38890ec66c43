'use client';
import { useMemo } from 'react';
import type { Engine } from '@/app/clients/engine';
import { FrameCache } from '@/lib/notebook/frames';

/**
 * The engine as the Features cell and the evaluation see it: the same engine, with `features`
 * answered from one frame cache per loaded dataset (lib/notebook/frames.ts), so a frame both need
 * is fetched and transferred once.
 */
export function useFrames(engine: Engine | null, dataVersion: number): Engine | null {
  return useMemo(() => {
    if (!engine) return null;
    const cache = new FrameCache(dataVersion, (r) => engine.features(r.windowSec, r.features === null ? null : [...r.features], r.fit));
    const framed: Engine = { ...engine, features: (windowSec, features, fit) => cache.get({ windowSec, features, fit }) };
    return framed;
  }, [engine, dataVersion]);
}
