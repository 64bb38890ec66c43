/**
 * One route family becomes k times slower (a missing index, a cold cache) without failing.
 * Signature: median and p90 request time of the family ×k, status codes unchanged.
 */
import { precursorProgress, type FailureDef } from './types';

export const slowEndpoint: FailureDef = {
  kind: 'slow-endpoint',
  label: 'Slow endpoint',
  description: 'One route family answers k times slower, with no errors.',
  durationMin: 45,
  precursorMin: 0,
  severity: 5,
  severityMeans: 'request time multiplier during the failure (×)',
  severityRange: [1, 1000],
  target: 'route',
  shows: ['access'],
  request(inc, sec, req) {
    req.latencyMs *= 1 + (inc.severity - 1) * precursorProgress(inc, sec);
  },
};
