/**
 * An HTTP flood from a handful of addresses (a small botnet or one misbehaving client): the
 * attackers probe at a low rate during the precursor, then hammer one route; nginx's rate limit
 * answers part of it 503 and the flooded route slows down. Signature: the top addresses' share of
 * requests and the request rate jump.
 */
import { FLOODERS } from '../agents';
import { below, poisson } from '../rng';
import { errorPageBytes, precursorProgress, type FailureDef } from './types';

/** Share of attack requests refused by the rate limit during the failure. */
const LIMITED = 0.3;

function floodPath(route: string, u: number): string {
  return route.includes(':id') ? route.replaceAll(':id', String(1 + Math.floor(u * 1000))) : route;
}

export const trafficSpike: FailureDef = {
  kind: 'traffic-spike',
  label: 'Traffic spike (flood)',
  description: 'A few addresses flood one route; part of it is refused 503 and the route slows down.',
  durationMin: 20,
  precursorMin: 10,
  severity: 20,
  severityMeans: 'attack requests per second, as a multiple of the mean visitor rate (×)',
  severityRange: [0, 1000],
  target: 'ip',
  shows: ['access'],
  request(inc, sec, req, r) {
    if (sec < inc.failureStart) return;
    req.latencyMs *= 3;
    if (r() < 0.1) {
      req.status = 503;
      req.latencyMs = Math.floor(r() * 2);
      req.bytes = errorPageBytes(503);
    }
  },
  extra(inc, sec, emit, r, ctx) {
    const failing = sec >= inc.failureStart;
    // probing during the precursor: a tenth of the flood at most, growing
    const scale = failing ? 1 : 0.1 * precursorProgress(inc, sec);
    const n = poisson(r, ctx.meanRps * inc.severity * scale);
    const route = inc.route ?? '/';
    for (let k = 0; k < n; k++) {
      const i = below(r, inc.ips.length);
      const path = floodPath(route, r());
      if (failing && r() < LIMITED) {
        emit(inc.ips[i], 'GET', path, route, 503, errorPageBytes(503), Math.floor(r() * 2), null, FLOODERS[i % FLOODERS.length]);
      } else {
        const latency = (failing ? 150 : 40) + Math.floor(r() * 200);
        emit(inc.ips[i], 'GET', path, route, 200, 4000 + Math.floor(r() * 4000), latency, null, FLOODERS[i % FLOODERS.length]);
      }
    }
  },
};
