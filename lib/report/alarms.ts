/**
 * The Report's alarm findings: each alarm's match or guessed failure kind and the features that
 * drove it, written as one sentence per alarm.
 */
import { assertNever } from '../util/assert-never';
import type { AlarmEvent } from '../metrics/events';
import type { AlarmMatch, MatchPhase } from '../metrics/match';
import { fmtTime } from './format';
import type { Insight } from './insights';

/** How much each feature drove one alarm; larger = more responsible. */
export interface FeatureDriver {
  feature: string;
  value: number;
}

export type DriverMethod = 'autoencoder' | 'robust-z';

export interface AlarmFinding {
  start: number;
  end: number;
  windows: number;
  /** highest score of the alarm's windows */
  peak: number;
  /** the labeled incident the alarm detected, by the metrics' rule (`matchIncidents`) */
  incident: AlarmMatch | null;
  /** the matched kind, else a guess from the top features, else null */
  kind: string | null;
  kindGuessed: boolean;
  drivers: FeatureDriver[];
}

/** Failure-kind guesses from a feature id: first rule that matches the top feature wins. */
const KIND_RULES: { test: RegExp; kind: string }[] = [
  { test: /auth/, kind: 'ssh-brute-force' },
  { test: /rate_5xx|route_5xx/, kind: 'error-burst' },
  { test: /route_p90/, kind: 'slow-endpoint' },
  { test: /p50_ms|p90_ms|p99_ms/, kind: 'latency-ramp' },
  { test: /top_ip_share|new_ip_ratio|unique_ips|^(d:)?requests$/, kind: 'traffic-spike' },
  { test: /mem/, kind: 'memory-leak' },
  { test: /cpu/, kind: 'cpu-spike' },
  { test: /disk/, kind: 'disk-filling' },
  { test: /rate_4xx/, kind: 'client errors (scanner or broken clients)' },
];

/** A likely failure kind from the features that drove an alarm, or null when none says anything. */
export function guessKind(drivers: readonly FeatureDriver[]): string | null {
  for (const d of drivers) {
    const rule = KIND_RULES.find((r) => r.test.test(d.feature));
    if (rule) return rule.kind;
  }
  return null;
}

/** Where a matched alarm sits, in words. */
export function phaseText(phase: MatchPhase): string {
  switch (phase) {
    case 'failure':
      return 'failure phase';
    case 'precursor':
      return 'precursor phase';
    case 'early-margin':
      return 'early margin before the failure';
    default:
      return assertNever(phase);
  }
}

/** Top `k` features by contribution (descending; ties by name), dropping non-finite values. */
export function topDrivers(features: readonly string[], values: ArrayLike<number>, k = 3): FeatureDriver[] {
  if (features.length !== values.length) throw new Error(`${values.length} contributions for ${features.length} features`);
  return features
    .map((feature, j) => ({ feature, value: values[j] }))
    .filter((d) => Number.isFinite(d.value))
    .sort((a, b) => b.value - a.value || a.feature.localeCompare(b.feature))
    .slice(0, k);
}

/** Mean of each column over rows [lo, hi]. */
export function meanRows(rows: readonly ArrayLike<number>[], lo: number, hi: number): Float64Array {
  if (!(lo >= 0 && hi >= lo && hi < rows.length)) throw new Error(`invalid rows ${lo}–${hi} of ${rows.length}`);
  const out = new Float64Array(rows[lo].length);
  for (let i = lo; i <= hi; i++) for (let j = 0; j < out.length; j++) out[j] += rows[i][j];
  return out.map((v) => v / (hi - lo + 1));
}

export interface AlarmInput {
  /** alarm events (indices into the windows) of one detector, e.g. from `testEvents` */
  events: readonly AlarmEvent[];
  /** per event (same order): the incident it detected, e.g. `testEvents(…).matches` */
  matches: readonly (AlarmMatch | null)[];
  scores: ArrayLike<number>;
  features: readonly string[];
  /** per-window, per-feature contribution (AutoEncoder errors or |z|); null when unavailable */
  contributions: ((i: number) => ArrayLike<number>) | null;
  /** alarms to describe, highest peak first; default 10 */
  limit?: number;
}

/** The `limit` alarms with the highest peak score, in time order, each with its match, kind and drivers. */
export function alarmFindings(input: AlarmInput): AlarmFinding[] {
  const { events, matches, scores, features, contributions } = input;
  if (matches.length !== events.length) throw new Error(`${matches.length} matches for ${events.length} alarm events`);
  const peaks = events.map((ev, k) => {
    let p = -Infinity;
    for (let i = ev.firstIndex; i <= ev.lastIndex; i++) p = Math.max(p, scores[i]);
    return { ev, peak: p, incident: matches[k] };
  });
  const top = [...peaks].sort((a, b) => b.peak - a.peak || a.ev.start - b.ev.start).slice(0, input.limit ?? 10);
  top.sort((a, b) => a.ev.start - b.ev.start);
  return top.map(({ ev, peak, incident }) => {
    let drivers: FeatureDriver[] = [];
    if (contributions) {
      const rows: ArrayLike<number>[] = [];
      for (let i = ev.firstIndex; i <= ev.lastIndex; i++) rows.push(contributions(i));
      drivers = topDrivers(features, meanRows(rows, 0, rows.length - 1));
    }
    const guess = incident ? null : guessKind(drivers);
    return {
      start: ev.start,
      end: ev.end,
      windows: ev.lastIndex - ev.firstIndex + 1,
      peak,
      incident,
      kind: incident?.kind ?? guess,
      kindGuessed: incident === null && guess !== null,
      drivers,
    };
  });
}

function fmtScore(x: number): string {
  const a = Math.abs(x);
  return a !== 0 && (a < 0.01 || a >= 1e5) ? x.toExponential(2) : x.toFixed(3);
}

function fmtDriver(d: FeatureDriver, method: DriverMethod): string {
  return method === 'autoencoder' ? `${d.feature} (AE error ${fmtScore(d.value)})` : `${d.feature} (|z| ${d.value.toFixed(1)})`;
}

/** One sentence per alarm: when, how long, peak, matched or guessed kind, and the features behind it. */
export function alarmInsights(findings: readonly AlarmFinding[], detector: string, method: DriverMethod | null, windowSec: number): Insight[] {
  return findings.map((f) => {
    const minutes = (f.end - f.start) / 60_000;
    const kind = f.incident
      ? `matched ${f.incident.kind} (${f.incident.incidentId}, ${phaseText(f.incident.phase)})`
      : f.kind
        ? `unlabeled; looks like ${f.kind}`
        : 'unlabeled; no kind suggested';
    const why = f.drivers.length > 0 && method ? `; driven by ${f.drivers.map((d) => fmtDriver(d, method)).join(', ')}` : '';
    return {
      text: `${fmtTime(f.start)}, ${minutes.toFixed(minutes < 10 ? 1 : 0)} min (${f.windows} window${f.windows === 1 ? '' : 's'} of ${windowSec} s): ${detector} peak ${fmtScore(f.peak)} — ${kind}${why}.`,
    };
  });
}
