import * as Plot from '@observablehq/plot';
import type { Row } from '@/lib/engine/db';

const PHASE_FILL: Record<string, string> = { precursor: '#e6a817', failure: '#c0392b' };

/** Labeled incident phases as translucent bands behind a time chart (precursor amber, failure red). */
export function bandMarks(bands: readonly Row[] | null): Plot.Markish[] {
  if (!bands || bands.length === 0) return [];
  return [
    Plot.rectX(bands, {
      x1: (d: Row) => new Date(Number(d.start)),
      x2: (d: Row) => new Date(Number(d.end)),
      fill: (d: Row) => PHASE_FILL[String(d.phase)] ?? '#8a8f98',
      fillOpacity: 0.15,
      title: (d: Row) => `${d.kind} · ${d.phase}${d.target ? ` · ${d.target}` : ''} (${d.incident_id})`,
    }),
  ];
}
