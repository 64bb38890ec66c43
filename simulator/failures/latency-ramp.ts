/**
 * A route family slows down step by step (a saturating connection pool, a growing lock queue),
 * then times out. Signature: p90 request time on the family rising through the precursor, then
 * 504/502 on that family.
 */
import { errorPageBytes, precursorProgress, type FailureDef } from './types';

/** Share of the family's requests that fail once the failure phase begins. */
const FAILING = 0.45;
/** nginx's default proxy_read_timeout, ms. */
const TIMEOUT_MS = 60_000;

export const latencyRamp: FailureDef = {
  kind: 'latency-ramp',
  label: 'Latency ramp',
  description: 'Request times on one route family creep up during the precursor, then the family times out (504/502).',
  durationMin: 30,
  precursorMin: 45,
  severity: 8,
  severityMeans: 'request time multiplier reached at the end of the precursor (×)',
  severityRange: [1, 1000],
  target: 'route',
  shows: ['access'],
  request(inc, sec, req, r) {
    req.latencyMs *= 1 + (inc.severity - 1) * precursorProgress(inc, sec);
    if (sec >= inc.failureStart && r() < FAILING) {
      const timeout = r() < 0.7;
      req.status = timeout ? 504 : 502;
      req.latencyMs = timeout ? TIMEOUT_MS + Math.floor(r() * 5) : 1 + Math.floor(r() * 20);
      req.bytes = errorPageBytes(req.status);
    }
  },
};
