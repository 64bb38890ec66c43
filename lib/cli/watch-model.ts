/**
 * What `harbinger watch` needs from a model file: how to parse, how to window, the fitted feature
 * state, and a stream scorer (lib/live/contract.ts) that can resume from a snapshot.
 *
 * Two kinds of file: a model bundle (`"format": "harbinger-model"`, lib/live/bundle.ts, written by
 * `evaluate --save-model` or the Report cell), scored by lib/live/scorer.ts; and a feature-threshold
 * model (`"format": "harbinger-watch-stub"`), where each listed feature raises an alarm while at or
 * above its threshold and a recovery when it drops below. The second needs no training run, so the
 * watcher's own tests and benchmarks pin exact alert sequences with it; it was also the stand-in
 * the watcher was built against before the bundle existed.
 */
import { z } from 'zod';
import type { ParseOptions } from '../ingest/types';
import { LOG_FORMATS } from '../ingest/types';
import type { Json } from '../util/json';
import type { LiveEvent, StreamScorer, WindowRow } from '../live/contract';
import { BUNDLE_FORMAT, parseBundle } from '../live/bundle';
import { createScorer } from '../live/scorer';

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

const FORMATS: readonly string[] = [...LOG_FORMATS, 'auto'];
const LATENCY_UNITS: readonly string[] = ['auto', 's', 'ms', 'us'];

function fromBundle(text: string, source: string): WatchModel {
  const b = parseBundle(text, source);
  const { format, latencyUnit, year } = b.parse;
  if (!FORMATS.includes(format)) throw new Error(`${source}: parse format "${format}" is not one this version reads (${FORMATS.join(', ')})`);
  if (!LATENCY_UNITS.includes(latencyUnit)) throw new Error(`${source}: latency unit "${latencyUnit}" is not one of ${LATENCY_UNITS.join(', ')}`);
  return {
    parse: { format: format as ParseOptions['format'], latencyUnit: latencyUnit as ParseOptions['latencyUnit'], year: year ?? undefined },
    windowSec: b.windowSec,
    features: [...b.features],
    featureState: b.featureState as Json,
    scorer: (snapshot) => createScorer(b, snapshot ?? null),
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
  if ((doc as { format?: unknown } | null)?.format === BUNDLE_FORMAT) return fromBundle(text, source);
  const r = stubSchema.safeParse(doc);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`${source}: neither a model bundle ("format": "${BUNDLE_FORMAT}") nor a feature-threshold model: ${i.path.join('.') || '(root)'}: ${i.message}`);
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
