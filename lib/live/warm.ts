/**
 * The incremental featurer brought to the end of the training span on the engine's side: a replay
 * of the test span needs the featurer to have seen every training record (rolling features and
 * new_ip_ratio read their history), and the engine holds those records. Fed there (started as
 * soon as the page has the fitted feature state, while the live worker loads its tfjs backend and
 * builds the bundle), the replay's slices start at the test span; the live worker resumes from the
 * featurer's snapshot, the state feeding it itself would reach (featurer.test.ts: a snapshot
 * restored midway changes nothing; replay-equals-batch.test.ts: both ways score alike).
 */
import type { Db } from '../db/db';
import { recordSpan, sliceRecords } from '../jobs/live-slices';
import type { Json } from '../util/json';
import { createFeaturer } from './featurer';

/** What the featurer is built for: the bundle's windows, features and fitted feature state. */
export interface WarmRequest {
  windowSec: number;
  features: string[];
  featureState: Json;
  /** epoch ms of the first window the replay scores (a window start): records before it are fed, windows ending by it closed */
  untilMs: number;
}

export interface WarmedFeaturer {
  /** the featurer's snapshot() */
  snapshot: Json;
  windowSec: number;
  /** the request's untilMs: the replay's records start here */
  untilMs: number;
  /** records fed */
  records: number;
}

/** Training records are fed a day of windows at a time (one slice's rows stay a few MB). */
const SLICE_WINDOWS = 1440;

export async function warmFeaturer(db: Db, r: WarmRequest): Promise<WarmedFeaturer> {
  const w = r.windowSec * 1000;
  if (!Number.isSafeInteger(r.untilMs) || r.untilMs % w !== 0) throw new Error(`warm featurer: until must be a window start, got ${r.untilMs}`);
  // graceMs 0, as the replay's own featurer (lib/live/session.ts)
  const featurer = createFeaturer({ windowSec: r.windowSec, features: r.features, featureState: r.featureState, graceMs: 0 });
  const span = await recordSpan(db);
  let records = 0;
  if (span !== null) {
    for (let from = Math.floor(span.from / w) * w; from < r.untilMs; from += SLICE_WINDOWS * w) {
      for (const b of await sliceRecords(db, from, Math.min(from + SLICE_WINDOWS * w, r.untilMs))) {
        records += b.length;
        featurer.push(b);
      }
      featurer.closeUntil(Math.min(from + SLICE_WINDOWS * w, r.untilMs));
    }
  }
  return { snapshot: featurer.snapshot(), windowSec: r.windowSec, untilMs: r.untilMs, records };
}
