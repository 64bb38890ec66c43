/**
 * A process leaks memory until it is restarted ("Server Restart"): RAM climbs through the
 * precursor, then drops to a fresh process's level while CPU spikes with the warm-up; during the
 * restart part of the requests get 502 and, late in the leak, garbage collection slows answers.
 * Signature: RAM slope in the precursor, then a drop at the failure start.
 */
import { errorPageBytes, precursorProgress, type FailureDef } from './types';

/** Share of requests that hit the restarting upstream. */
const DOWN_SHARE = 0.5;

export const memoryLeak: FailureDef = {
  kind: 'memory-leak',
  label: 'Memory leak → restart',
  description: 'RAM of one host climbs for hours, then the process restarts: RAM drops, CPU spikes, some 502s.',
  durationMin: 5,
  precursorMin: 360,
  severity: 95,
  severityMeans: 'RAM % reached just before the restart',
  severityRange: [0, 100],
  target: 'host',
  shows: ['metrics', 'access'],
  metric(inc, sec, m, r, ctx) {
    const base = ctx.scenario.metrics.ramBase;
    if (sec < inc.failureStart) {
      m.ram += (inc.severity - base) * precursorProgress(inc, sec);
    } else {
      m.ram = base * 0.55 + r() * 2;
      m.cpu += 35;
    }
  },
  request(inc, sec, req, r) {
    const p = precursorProgress(inc, sec);
    if (sec < inc.failureStart) {
      if (p > 0.8) req.latencyMs *= 1 + 5 * (p - 0.8);
      return;
    }
    if (r() < DOWN_SHARE) {
      req.status = 502;
      req.latencyMs = Math.floor(r() * 3);
      req.bytes = errorPageBytes(502);
    }
  },
};
