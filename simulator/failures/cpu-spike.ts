/**
 * A runaway process pins one host's CPU ("Unexpected Spike"), and every answer slows down.
 * Signature: CPU near severity % in the window against a traffic-driven baseline.
 */
import { precursorProgress, type FailureDef } from './types';

export const cpuSpike: FailureDef = {
  kind: 'cpu-spike',
  label: 'CPU spike',
  description: 'One host\'s CPU jumps to near 100 % and requests slow down.',
  durationMin: 25,
  precursorMin: 0,
  severity: 97,
  severityMeans: 'CPU % during the failure',
  severityRange: [0, 100],
  target: 'host',
  shows: ['metrics', 'access'],
  metric(inc, sec, m, r) {
    const target = inc.severity - r() * 3;
    m.cpu = sec >= inc.failureStart ? target : m.cpu + (target - m.cpu) * precursorProgress(inc, sec);
  },
  request(inc, sec, req) {
    if (sec >= inc.failureStart) req.latencyMs *= 1.8;
  },
};
