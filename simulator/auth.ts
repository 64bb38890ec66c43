/**
 * auth.log events in time order, an hour at a time: admins' sessions (mostly in working hours,
 * some with a mistyped password or a sudo), stray single attempts from the internet, an hourly
 * cron job, and incidents' attacks. A session that outlasts its hour waits in `pending` for the
 * hour its lines belong to. Streams: `auth-admins` (who the admins are), `auth-logins`,
 * `auth-stray`, `auth-cron`, and one per incident.
 */
import type { Rng } from '../lib/util/rng';
import { ATTACK_USERS, publicIpv4 } from './agents';
import {
  accepted,
  connectionClosed,
  cronSession,
  disconnected,
  failedPassword,
  invalidUser,
  receivedDisconnect,
  sessionClosed,
  sessionOpened,
  sudoCommand,
  sudoSession,
  type AuthEvent,
} from './auth-messages';
import { localTime, spanOf } from './clock';
import { FAILURES } from './failures';
import type { PlannedIncident } from './failures/types';
import { below, poisson, stream } from './rng';
import type { Scenario } from './scenario';

export interface AuthSink {
  auth(host: string, e: AuthEvent): void;
}

const WINDOW_SEC = 3600;
/** Cron's hourly jobs run at minute 17 (Debian's /etc/crontab), logged a second later. */
const CRON_AT_SEC = 17 * 60 + 1;
const SUDO_COMMANDS = [
  '/usr/bin/systemctl restart nginx',
  '/usr/bin/systemctl status nginx',
  '/usr/bin/journalctl -u app -n 200',
  '/usr/bin/apt-get upgrade -y',
  '/usr/bin/tail -f /var/log/nginx/error.log',
  '/usr/bin/docker ps',
];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

interface Admin {
  user: string;
  uid: number;
  ip: string;
  method: 'password' | 'publickey';
  key: string;
}

/** Logins per local hour, relative: working hours (08–19) four times the night. */
function hourWeight(hour: number): number {
  return (hour >= 8 && hour < 19 ? 4 : 1) * (24 / 57);
}

export class AuthProducer {
  private readonly s: Scenario;
  private readonly plan: readonly { inc: PlannedIncident; r: Rng }[];
  private readonly admins: Admin[];
  private readonly logins: Rng;
  private readonly stray: Rng;
  private readonly cron: Rng;
  private pending: AuthEvent[] = [];
  private seq = 0;
  private readonly push = (e: AuthEvent): void => {
    e.seq = this.seq++;
    this.pending.push(e);
  };

  constructor(s: Scenario, plan: readonly PlannedIncident[]) {
    this.s = s;
    this.plan = plan.filter((inc) => FAILURES[inc.kind].auth !== undefined).map((inc) => ({ inc, r: stream(s.seed, `${inc.streamKey}:auth`) }));
    const r = stream(s.seed, 'auth-admins');
    const ips = Array.from({ length: s.auth.adminIps }, () => publicIpv4(r(), r(), r()));
    this.admins = s.auth.users.map((user, i) => ({
      user,
      uid: 1001 + i,
      ip: ips[i % ips.length],
      method: r() < 0.5 ? 'password' : 'publickey',
      key: `ED25519 SHA256:${Array.from({ length: 43 }, () => B64[below(r, 64)]).join('')}`,
    }));
    this.logins = stream(s.seed, 'auth-logins');
    this.stray = stream(s.seed, 'auth-stray');
    this.cron = stream(s.seed, 'auth-cron');
  }

  /** Every auth event of the run, one hour per step. */
  *run(sink: AuthSink): Generator<void> {
    const { startSec, endSec } = spanOf(this.s);
    const host = this.s.auth.host;
    for (let a = startSec; a < endSec; a += WINDOW_SEC) {
      const b = Math.min(endSec, a + WINDOW_SEC);
      this.window(a, b);
      for (const { inc, r } of this.plan) {
        if (inc.precursorStart < b && inc.end > a) FAILURES[inc.kind].auth?.(inc, a, b, this.push, r);
      }
      this.pending.sort((x, y) => x.sec - y.sec || x.seq - y.seq);
      let k = 0;
      while (k < this.pending.length && this.pending[k].sec < b) sink.auth(host, this.pending[k++]);
      this.pending = this.pending.slice(k);
      yield;
    }
    // lines after the end of the run (sessions still open) are not written
    this.pending = [];
  }

  private window(a: number, b: number): void {
    const s = this.s;
    const frac = (b - a) / 3600;
    if (this.admins.length > 0 && s.auth.adminIps > 0) {
      const hour = localTime(a, s.utcOffsetMin).secOfDay / 3600;
      const n = poisson(this.logins, (s.auth.loginsPerDay / 24) * hourWeight(Math.floor(hour)) * frac);
      for (let i = 0; i < n; i++) this.session(a + below(this.logins, b - a));
    }
    const m = poisson(this.stray, (s.auth.strayPerDay / 24) * frac);
    for (let i = 0; i < m; i++) this.strayAttempt(a + below(this.stray, b - a));
    if (s.auth.cron) {
      const local = localTime(a, s.utcOffsetMin).secOfDay % 3600;
      for (let c = a + ((CRON_AT_SEC - local + 3600) % 3600); c < b; c += 3600) {
        const pid = 1000 + below(this.cron, 60_000);
        this.push(cronSession(c, pid, true));
        this.push(cronSession(c + below(this.cron, 2), pid, false));
      }
    }
  }

  private session(t: number): void {
    const r = this.logins;
    const ad = this.admins[below(r, this.admins.length)];
    const pid = 1000 + below(r, 60_000);
    const port = 1024 + below(r, 64_000);
    let t2 = t;
    if (r() < this.s.auth.typoRate) {
      this.push(failedPassword(t, pid, ad.user, false, ad.ip, port));
      t2 = t + 3 + below(r, 6);
      this.push(accepted(t2, pid, 'password', ad.user, ad.ip, port, ad.key));
    } else {
      this.push(accepted(t, pid, ad.method, ad.user, ad.ip, port, ad.key));
    }
    this.push(sessionOpened(t2, pid, ad.user, ad.uid));
    const length = 60 + below(r, 3600);
    if (r() < 0.5) {
      const at = t2 + 20 + below(r, length - 20);
      this.push(sudoCommand(at, ad.user, SUDO_COMMANDS[below(r, SUDO_COMMANDS.length)]));
      this.push(sudoSession(at, ad.user, ad.uid, true));
      this.push(sudoSession(at + below(r, 5), ad.user, ad.uid, false));
    }
    const end = t2 + length;
    this.push(receivedDisconnect(end, pid, ad.ip, port, false));
    this.push(disconnected(end, pid, 'user', ad.user, ad.ip, port, false));
    this.push(sessionClosed(end, pid, ad.user));
  }

  private strayAttempt(t: number): void {
    const r = this.stray;
    const ip = publicIpv4(r(), r(), r());
    const pid = 1000 + below(r, 60_000);
    const port = 1024 + below(r, 64_000);
    const user = ATTACK_USERS[below(r, ATTACK_USERS.length)];
    if (user === 'root') {
      if (r() < 0.5) this.push(failedPassword(t + 2, pid, 'root', false, ip, port));
      this.push(connectionClosed(t + 2, pid, ip, port, 'authenticating user', 'root'));
      return;
    }
    this.push(invalidUser(t, pid, user, ip, port));
    if (r() < 0.3) this.push(failedPassword(t + 2, pid, user, true, ip, port));
    this.push(receivedDisconnect(t + 2, pid, ip, port, true));
    this.push(disconnected(t + 2, pid, 'invalid user', user, ip, port, true));
  }
}
