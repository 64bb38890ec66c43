/**
 * The shape of a failure kind: its defaults and the hooks through which it leaves its signature.
 * Hooks run only inside the incident's window (precursor start → end) and draw only from the
 * incident's own stream, so an incident never changes the data outside it.
 */
import type { Rng } from '../../lib/util/rng';
import type { AuthEvent } from '../auth-messages';
import type { FailureKind, Scenario } from '../scenario';

/** A placed incident, times in epoch seconds. */
export interface PlannedIncident {
  /** `inc-01`, `inc-02`, … in time order */
  id: string;
  kind: FailureKind;
  /** equals failureStart when the kind has no precursor */
  precursorStart: number;
  failureStart: number;
  /** end of the failure phase, exclusive */
  end: number;
  /** route prefix whose requests it alters; null = every route */
  route: string | null;
  /** host whose metrics it alters (metric kinds) or that is attacked (ssh-brute-force) */
  host: string | null;
  /** attacking addresses (traffic-spike, ssh-brute-force) */
  ips: string[];
  /** kind-specific strength, see FailureDef.severity */
  severity: number;
  /** name of the incident's own random stream */
  streamKey: string;
}

/** Request fields an incident may alter; one object reused for every request. */
export interface RequestDraft {
  method: string;
  status: number;
  latencyMs: number;
  bytes: number;
}

/** One host's sample an incident may alter, in percent before rounding. */
export interface MetricDraft {
  cpu: number;
  ram: number;
  disk: number;
}

/** Appends one request of the current second (attack traffic). */
export type EmitRequest = (
  ip: string,
  method: string,
  path: string,
  /** templateRoute(path) */
  route: string,
  status: number,
  bytes: number,
  latencyMs: number,
  referrer: string | null,
  userAgent: string,
) => void;

/** What hooks may read about the run. */
export interface SimContext {
  scenario: Scenario;
  /** visitors' mean requests per second */
  meanRps: number;
}

export type Output = 'access' | 'auth' | 'metrics';

export interface FailureDef {
  kind: FailureKind;
  label: string;
  /** one sentence: what happens and where it shows */
  description: string;
  /** default failure phase length, minutes */
  durationMin: number;
  /** default precursor length, minutes (0: sudden) */
  precursorMin: number;
  /** default strength */
  severity: number;
  /** what severity means, with its unit */
  severityMeans: string;
  /** accepted severities, inclusive */
  severityRange: readonly [number, number];
  /** what `target` names: a route prefix, a host, or the first attacking address */
  target: 'route' | 'host' | 'ip';
  /** files where its signature shows */
  shows: readonly Output[];
  /** alters a visitor request on an affected route during the incident */
  request?(inc: PlannedIncident, sec: number, req: RequestDraft, r: Rng): void;
  /** adds requests in second `sec` */
  extra?(inc: PlannedIncident, sec: number, emit: EmitRequest, r: Rng, ctx: SimContext): void;
  /** pushes the auth events that begin in [from, to) */
  auth?(inc: PlannedIncident, from: number, to: number, push: (e: AuthEvent) => void, r: Rng): void;
  /** alters the affected host's sample at `sec` */
  metric?(inc: PlannedIncident, sec: number, m: MetricDraft, r: Rng, ctx: SimContext): void;
}

/** How far into the precursor `sec` is, 0–1 (1 once the failure began). */
export function precursorProgress(inc: PlannedIncident, sec: number): number {
  const len = inc.failureStart - inc.precursorStart;
  if (len <= 0 || sec >= inc.failureStart) return 1;
  return Math.max(0, (sec - inc.precursorStart) / len);
}

/** An nginx error page's body size for a status (what nginx's built-in pages weigh). */
export function errorPageBytes(status: number): number {
  switch (status) {
    case 404:
      return 153;
    case 500:
      return 177;
    case 502:
      return 157;
    case 503:
      return 197;
    case 504:
      return 167;
    default:
      return 150;
  }
}
