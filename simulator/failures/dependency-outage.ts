/**
 * A downstream service (payments, search) goes away: its route family answers 503 fast, after a
 * short flapping precursor. Signature: 503 share on the family near 1, other routes unaffected.
 */
import { errorPageBytes, precursorProgress, type FailureDef } from './types';

/** Share of 503s reached at the end of the flapping precursor. */
const FLAPPING = 0.1;

export const dependencyOutage: FailureDef = {
  kind: 'dependency-outage',
  label: 'Dependency outage',
  description: 'One route family answers 503 (its backend is down), after a few minutes of intermittent 503s.',
  durationMin: 20,
  precursorMin: 5,
  severity: 0.95,
  severityMeans: 'share of the family answered 503 during the failure (0–1)',
  severityRange: [0, 1],
  target: 'route',
  shows: ['access'],
  request(inc, sec, req, r) {
    const share = sec >= inc.failureStart ? inc.severity : FLAPPING * precursorProgress(inc, sec);
    if (r() >= share) return;
    req.status = 503;
    req.latencyMs = 1 + Math.floor(r() * 8);
    req.bytes = errorPageBytes(503);
  },
};
