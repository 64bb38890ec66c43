/**
 * What the predictor learns from: each training window's role under the labels, and the
 * leave-one-incident-out folds its calibration and threshold are checked on.
 */
import type { LabelRow } from '../labels/types';
import { incidents, type Incident } from '../metrics/events';
import { checkStarts } from '../metrics/input';
import type { Rng } from '../util/rng';

/** Inside a labeled run-up (precursor), in a normal stretch, in a failure phase, or in the recovery margin after one. */
export const ROLE = { negative: 0, positive: 1, failure: 2, recovery: 3 } as const;
export type Role = (typeof ROLE)[keyof typeof ROLE];

/** A window touching several phases takes the worst: failure, then run-up, then recovery. */
const PRIORITY: Record<Role, number> = { 0: 0, 1: 2, 2: 3, 3: 1 };

export interface WindowRoles {
  /** one ROLE per window */
  role: Uint8Array;
  /** index into `incidents` for run-up and failure windows, −1 elsewhere */
  incident: Int32Array;
  /** the incidents whose failure starts inside the windows' span, by failure start */
  incidents: Incident[];
}

/**
 * Roles of windows [starts[i], starts[i] + windowMs). A window touching a failure phase is a
 * failure window (the failure is no longer "coming"); else touching a precursor, a run-up
 * (positive) window; else within `recoveryMs` after a failure ends, recovery (neither: the system
 * may still be settling); everything else is normal. Incidents whose failure starts outside the
 * span (e.g. in the test span) give no roles here, so test labels never reach training.
 */
export function windowRoles(starts: readonly number[], windowMs: number, labels: readonly LabelRow[], recoveryMs: number): WindowRoles {
  checkStarts(starts, windowMs);
  if (!(recoveryMs >= 0 && Number.isFinite(recoveryMs))) throw new Error(`invalid recovery margin: ${recoveryMs} ms`);
  const n = starts.length;
  const role = new Uint8Array(n);
  const incident = new Int32Array(n).fill(-1);
  if (n === 0) return { role, incident, incidents: [] };
  const spanEnd = starts[n - 1] + windowMs;
  const inSpan = incidents(labels).filter((inc) => inc.failureStart >= starts[0] && inc.failureStart < spanEnd);
  // first window whose end passes t (windows are sorted and do not overlap)
  const firstAfter = (t: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] + windowMs > t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const mark = (from: number, to: number, r: Role, k: number) => {
    for (let i = firstAfter(from); i < n && starts[i] < to; i++) {
      if (PRIORITY[r] <= PRIORITY[role[i] as Role]) continue;
      role[i] = r;
      incident[i] = r === ROLE.recovery ? -1 : k;
    }
  };
  inSpan.forEach((inc, k) => {
    if (inc.precursorStart !== null) mark(inc.precursorStart, inc.failureStart, ROLE.positive, k);
    mark(inc.failureStart, inc.failureEnd, ROLE.failure, k);
    mark(inc.failureEnd, inc.failureEnd + recoveryMs, ROLE.recovery, k);
  });
  return { role, incident, incidents: inSpan };
}

/**
 * Leave-one-incident-out folds in time order: contiguous blocks of windows, one per run-up
 * incident (cut halfway between consecutive run-ups), with blocks longer than `maxBlock` windows
 * cut further outside any run-up, so a training span with a single run-up still has other folds
 * to learn the normal from. Returns the fold of every window and the number of folds. Run-up
 * windows of one incident always share a fold: a model scoring them never saw that incident.
 */
export function incidentFolds(roles: WindowRoles, maxBlock: number): { fold: Int32Array; folds: number } {
  if (!(Number.isInteger(maxBlock) && maxBlock >= 1)) throw new Error(`invalid maxBlock: ${maxBlock}`);
  const n = roles.role.length;
  // run-up spans as window index ranges [first, last], by time
  const spans: { first: number; last: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (roles.role[i] !== ROLE.positive) continue;
    const k = roles.incident[i];
    const cur = spans[spans.length - 1];
    if (cur && roles.incident[cur.last] === k) cur.last = i;
    else spans.push({ first: i, last: i });
  }
  const inRunUp = (i: number) => spans.some((s) => i > s.first && i <= s.last);
  const cuts: number[] = [];
  for (let k = 1; k < spans.length; k++) cuts.push((spans[k - 1].last + 1 + spans[k].first) >> 1);
  const bounds = [0, ...cuts, n];
  const fold = new Int32Array(n);
  let f = 0;
  for (let b = 0; b + 1 < bounds.length; b++) {
    const [from, to] = [bounds[b], bounds[b + 1]];
    const pieces = Math.max(1, Math.ceil((to - from) / maxBlock));
    let at = from;
    for (let p = 1; p <= pieces; p++) {
      let end = p === pieces ? to : Math.round(from + ((to - from) * p) / pieces);
      // never split a run-up: move the cut past its end
      while (end < to && inRunUp(end)) end++;
      if (end <= at) continue;
      fold.fill(f++, at, end);
      at = end;
    }
  }
  return { fold, folds: f };
}

/** Evenly spaced picks of `m` from `items` (deterministic thinning of long run-ups). */
export function thin<T>(items: T[], m: number): T[] {
  if (items.length <= m) return items;
  return Array.from({ length: m }, (_, i) => items[Math.floor((i * items.length) / m)]);
}

/** `m` of `items` drawn without replacement by the seeded rng, kept in their original order. */
export function sample(items: number[], m: number, rng: Rng): number[] {
  if (items.length <= m) return items;
  const a = [...items];
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, m).sort((x, y) => x - y);
}
