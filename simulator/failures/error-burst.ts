/**
 * A bad deploy or a crashing worker: 5xx appear suddenly across the site (or on one route
 * family when a target is given). Signature: 5xx share in the window far above the baseline.
 */
import { errorPageBytes, precursorProgress, type FailureDef } from './types';

export const errorBurst: FailureDef = {
  kind: 'error-burst',
  label: 'Error burst',
  description: 'Sudden 5xx (500, some 502/503) on every route, or on one route family when targeted.',
  durationMin: 15,
  precursorMin: 0,
  severity: 0.3,
  severityMeans: 'share of requests answered 5xx during the failure (0–1)',
  severityRange: [0, 1],
  target: 'route',
  shows: ['access'],
  request(inc, sec, req, r) {
    // with a precursor (only if one is asked for), errors trickle in first: up to a tenth of the burst
    const share = sec >= inc.failureStart ? inc.severity : 0.1 * inc.severity * precursorProgress(inc, sec);
    if (r() >= share) return;
    const u = r();
    req.status = u < 0.7 ? 500 : u < 0.9 ? 502 : 503;
    if (req.status !== 500) req.latencyMs = 1 + Math.floor(r() * 10);
    req.bytes = errorPageBytes(req.status);
  },
};
