/**
 * Following a growing file in the live worker: each look reads what the file gained, parses it,
 * feeds the incremental featurer and scores the windows that closed, on the data's own clock (the
 * latest record time read: a window closes once a record `graceMs` past its end has arrived).
 */
import type { ParseOptions } from '../ingest/types';
import type { FeedCounts, LineIssueOut } from '../cli/line-feed';
import type { LiveEvent } from './contract';
import { buildBundle, type BundleInput } from './bundle';
import { createScorer, warmState } from './scorer';
import { createFeaturer } from './featurer';
import { ENSEMBLE } from '../eval/names';
import { GrowingFile, type Change, type FileView } from './follow-file';
import type { LiveDetector, LiveWindow } from './session';

/** Rejected or warned lines kept for the page, newest last. */
const ISSUES_KEPT = 20;

export interface FollowSetup {
  bundle: BundleInput;
  parse: ParseOptions;
  /** how long after its end a window waits for late lines, ms */
  graceMs: number;
}

export interface FollowUpdate {
  change: Change;
  counts: FeedCounts;
  windows: LiveWindow[];
  events: LiveEvent[];
  /** the data's clock: the latest record time read, epoch ms (null before the first record) */
  clockMs: number | null;
  /** bytes added but not read yet (read on the next look) */
  behind: number;
  /** records for windows already closed, by table */
  late: Record<string, number>;
  /** the latest rejected or warned lines, with file, line and reason */
  issues: LineIssueOut[];
}

export interface Following {
  detectors: LiveDetector[];
  look(f: FileView): Promise<FollowUpdate>;
}

/** A follower for one file scored by the bundle of a trained run. */
export function startFollow(setup: FollowSetup, name: string): Following {
  const bundle = buildBundle(setup.bundle, warmState);
  const detectors: LiveDetector[] = bundle.detectors.map((d) => ({ name: d.name, kind: d.role === 'predictor' ? 'warning' : 'alarm', threshold: d.threshold.inForce }));
  if (bundle.ensemble) detectors.push({ name: ENSEMBLE, kind: 'alarm', threshold: bundle.ensemble.threshold.inForce });
  const featurer = createFeaturer({ windowSec: bundle.windowSec, features: bundle.features, featureState: bundle.featureState, graceMs: setup.graceMs });
  const scorer = createScorer(bundle);
  const issues: LineIssueOut[] = [];
  const file = new GrowingFile(name, setup.parse, (_, i) => {
    issues.push(i);
    if (issues.length > ISSUES_KEPT) issues.shift();
  });
  let clock: number | null = null;
  let last: number | null = null;
  return {
    detectors,
    async look(f) {
      const look = await file.look(f);
      for (const b of look.batches) {
        featurer.push(b);
        for (const t of b.ts) if (Number.isFinite(t) && (clock === null || t > clock)) clock = t;
      }
      const windows: LiveWindow[] = [];
      const events: LiveEvent[] = [];
      if (clock !== null) {
        for (const row of featurer.closeUntil(clock)) {
          // a file replaced by an older one cannot go back in time: its windows are not scored again
          if (last !== null && row.start <= last) continue;
          last = row.start;
          const s = scorer.step(row);
          windows.push({ start: row.start, scores: s.detectors.map((d) => d.score), firing: s.detectors.map((d) => d.firing) });
          events.push(...s.events);
        }
      }
      return { change: look.change, counts: { ...file.counts }, windows, events, clockMs: clock, behind: look.behind, late: featurer.late(), issues: [...issues] };
    },
  };
}
