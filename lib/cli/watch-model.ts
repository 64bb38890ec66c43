/**
 * What `harbinger watch` needs from a model file: how to parse, how to window, the fitted feature
 * state, and a stream scorer (lib/live/contract.ts) that can resume from a snapshot.
 *
 * Stand-in: until live-core's bundle (lib/live/bundle.ts, `parseBundle` + `createScorer`) is on
 * this branch, the only model this reads is a feature-threshold stub (`format:
 * "harbinger-watch-stub"`): each listed feature fires an alarm while it is at or above its
 * threshold and a recovery when it drops below. It exists to build and test the watcher against
 * the contract; the real bundle replaces it.
 */
import { z } from 'zod';
import type { ParseOptions } from '../ingest/types';
import { LOG_FORMATS } from '../ingest/types';
import type { Json } from '../util/json';
import type { LiveEvent, StreamScorer, WindowRow } from '../live/contract';

export interface WatchModel {
  parse: ParseOptions;
  windowSec: number;
  features: string[];
  featureState: Json;
  scorer(snapshot?: Json): StreamScorer;
}

const stubSchema = z.strictObject({
  format: z.literal('harbinger-watch-stub'),
  version: z.literal(1),
  parse: z.strictObject({ format: z.enum([...LOG_FORMATS, 'auto']), latencyUnit: z.enum(['auto', 's', 'ms', 'us']).optional(), year: z.int().optional() }),
  windowSec: z.int().min(10).max(3600),
  features: z.array(z.string()).min(1),
  featureState: z.json(),
  thresholds: z.array(z.strictObject({ feature: z.string(), above: z.number() })).min(1),
});

const iso = (ms: number) => new Date(ms).toISOString();

function stubScorer(m: z.output<typeof stubSchema>, snapshot?: Json): StreamScorer {
  const windowMs = m.windowSec * 1000;
  const idx = m.thresholds.map((t) => {
    const k = m.features.indexOf(t.feature);
    if (k < 0) throw new Error(`stub model: threshold on "${t.feature}", which is not among its features`);
    return k;
  });
  const firing: boolean[] = snapshot === undefined ? m.thresholds.map(() => false) : [...((snapshot as { firing: boolean[] }).firing)];
  return {
    features: m.features,
    windowMs,
    step(row: WindowRow) {
      const events: LiveEvent[] = [];
      const detectors = m.thresholds.map((t, j) => {
        const score = row.values[idx[j]];
        const on = score >= t.above;
        const detector = `rule:${t.feature}`;
        if (on !== firing[j]) {
          events.push({
            ts: iso(row.start + windowMs),
            kind: on ? 'alarm' : 'recovery',
            detector,
            score,
            threshold: t.above,
            top_features: [{ feature: t.feature, value: score, contribution: 1 }],
            window_start: iso(row.start),
            window_end: iso(row.start + windowMs),
          });
        }
        firing[j] = on;
        return { detector, score, threshold: t.above, firing: on };
      });
      return { row, detectors, events };
    },
    snapshot: () => ({ firing: [...firing] }),
  };
}

/** Reads a model file's text; throws naming the file and the first bad field. */
export function openModel(text: string, source: string): WatchModel {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  const r = stubSchema.safeParse(doc);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`${source}: not a model this watcher reads: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  const m = r.data;
  return {
    parse: { format: m.parse.format, latencyUnit: m.parse.latencyUnit, year: m.parse.year },
    windowSec: m.windowSec,
    features: m.features,
    featureState: m.featureState as Json,
    scorer: (snapshot) => stubScorer(m, snapshot),
  };
}
