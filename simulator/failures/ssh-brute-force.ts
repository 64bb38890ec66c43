/**
 * Password guessing over SSH from one or a few addresses: a port scan first (connections that
 * never speak SSH), then bursts of attempts on root and on common names that do not exist.
 * Signature: failed logins per address in the window far above any address outside it.
 */
import type { Rng } from '../../lib/util/rng';
import { ATTACK_USERS } from '../agents';
import {
  connectionClosed,
  disconnected,
  failedPassword,
  invalidUser,
  maxAttempts,
  noIdentification,
  pamAuthFailure,
  pamUnknownUser,
  receivedDisconnect,
  type AuthEvent,
} from '../auth-messages';
import { below, poisson } from '../rng';
import type { FailureDef } from './types';

/** Connections per minute per address while scanning (precursor). */
const SCAN_PER_MIN = 1.5;

function attempt(sec: number, ip: string, push: (e: AuthEvent) => void, r: Rng): void {
  const pid = 1000 + below(r, 60_000);
  const port = 1024 + below(r, 64_000);
  const done = sec + 1 + below(r, 3);
  if (r() < 0.3) {
    push(pamAuthFailure(sec, pid, ip, 'root'));
    push(failedPassword(done, pid, 'root', false, ip, port));
    if (r() < 0.1) push(maxAttempts(done, pid, 'root', false, ip, port));
    push(connectionClosed(done, pid, ip, port, 'authenticating user', 'root'));
    return;
  }
  const user = ATTACK_USERS[1 + below(r, ATTACK_USERS.length - 1)];
  push(invalidUser(sec, pid, user, ip, port));
  push(pamUnknownUser(sec, pid));
  push(pamAuthFailure(sec, pid, ip, null));
  push(failedPassword(done, pid, user, true, ip, port));
  push(receivedDisconnect(done, pid, ip, port, true));
  push(disconnected(done, pid, 'invalid user', user, ip, port, true));
}

export const sshBruteForce: FailureDef = {
  kind: 'ssh-brute-force',
  label: 'SSH brute force',
  description: 'One or a few addresses scan port 22, then guess passwords for root and common user names.',
  durationMin: 40,
  precursorMin: 15,
  severity: 30,
  severityMeans: 'login attempts per minute per attacking address',
  severityRange: [0, 6000],
  target: 'ip',
  shows: ['auth'],
  auth(inc, from, to, push, r) {
    const a = Math.max(from, inc.precursorStart);
    const b = Math.min(to, inc.end);
    for (let sec = a; sec < b; sec++) {
      const scanning = sec < inc.failureStart;
      const lambda = (scanning ? SCAN_PER_MIN : inc.severity) / 60;
      for (const ip of inc.ips) {
        const n = poisson(r, lambda);
        for (let k = 0; k < n; k++) {
          if (!scanning) attempt(sec, ip, push, r);
          else {
            const pid = 1000 + below(r, 60_000);
            const port = 1024 + below(r, 64_000);
            push(r() < 0.5 ? noIdentification(sec, pid, ip, port) : connectionClosed(sec, pid, ip, port, null, ''));
          }
        }
      }
    }
  },
};
