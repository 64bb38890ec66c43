/**
 * auth.log events with the exact message text OpenSSH, pam_unix, cron and sudo write, each with
 * the fields lib/ingest's classifier reads from that text (kind, user, address, port), so the
 * direct batch sink can fill rows without parsing. batches.test.ts checks both agree.
 */
import type { AuthKind } from '../lib/ingest/types';

export interface AuthEvent {
  /** epoch seconds */
  sec: number;
  /** order among events of the same second (set by the producer) */
  seq: number;
  /** syslog tag: sshd, CRON, sudo */
  process: string;
  /** NaN when the tag has no [pid] */
  pid: number;
  message: string;
  kind: AuthKind;
  user: string | null;
  ip: string | null;
  /** NaN when the message names no port */
  port: number;
}

function ev(sec: number, process: string, pid: number, message: string, kind: AuthKind, user: string | null, ip: string | null, port: number): AuthEvent {
  return { sec, seq: 0, process, pid, message, kind, user, ip, port };
}

export function accepted(sec: number, pid: number, method: 'password' | 'publickey', user: string, ip: string, port: number, key: string): AuthEvent {
  const tail = method === 'publickey' ? `: ${key}` : '';
  return ev(sec, 'sshd', pid, `Accepted ${method} for ${user} from ${ip} port ${port} ssh2${tail}`, 'accepted', user, ip, port);
}

/** `Failed password for [invalid user ]U from IP port P ssh2` */
export function failedPassword(sec: number, pid: number, user: string, invalid: boolean, ip: string, port: number): AuthEvent {
  const who = invalid ? `invalid user ${user}` : user;
  return ev(sec, 'sshd', pid, `Failed password for ${who} from ${ip} port ${port} ssh2`, 'failed_password', user, ip, port);
}

export function invalidUser(sec: number, pid: number, user: string, ip: string, port: number): AuthEvent {
  return ev(sec, 'sshd', pid, `Invalid user ${user} from ${ip} port ${port}`, 'invalid_user', user, ip, port);
}

export function sessionOpened(sec: number, pid: number, user: string, uid: number): AuthEvent {
  return ev(sec, 'sshd', pid, `pam_unix(sshd:session): session opened for user ${user}(uid=${uid}) by (uid=0)`, 'other', null, null, NaN);
}

export function sessionClosed(sec: number, pid: number, user: string): AuthEvent {
  return ev(sec, 'sshd', pid, `pam_unix(sshd:session): session closed for user ${user}`, 'other', null, null, NaN);
}

/** The client hung up: after a session (`disconnected by user`) or before auth (`Bye Bye [preauth]`). */
export function receivedDisconnect(sec: number, pid: number, ip: string, port: number, preauth: boolean): AuthEvent {
  const why = preauth ? 'Bye Bye [preauth]' : 'disconnected by user';
  return ev(sec, 'sshd', pid, `Received disconnect from ${ip} port ${port}:11: ${why}`, 'disconnect', null, ip, port);
}

export type Peer = 'user' | 'invalid user' | 'authenticating user';

/** `Disconnected from <peer> U IP port P[ [preauth]]` */
export function disconnected(sec: number, pid: number, peer: Peer, user: string, ip: string, port: number, preauth: boolean): AuthEvent {
  const tail = preauth ? ' [preauth]' : '';
  return ev(sec, 'sshd', pid, `Disconnected from ${peer} ${user} ${ip} port ${port}${tail}`, 'disconnect', user, ip, port);
}

/** `Connection closed by [<peer> U ]IP port P [preauth]` */
export function connectionClosed(sec: number, pid: number, ip: string, port: number, peer: Exclude<Peer, 'user'> | null, user: string): AuthEvent {
  const who = peer === null ? '' : `${peer} ${user} `;
  return ev(sec, 'sshd', pid, `Connection closed by ${who}${ip} port ${port} [preauth]`, 'disconnect', peer === null ? null : user, ip, port);
}

/** A port scanner that opened the connection and never spoke SSH. */
export function noIdentification(sec: number, pid: number, ip: string, port: number): AuthEvent {
  return ev(sec, 'sshd', pid, `Did not receive identification string from ${ip} port ${port}`, 'other', null, ip, port);
}

/** pam_unix's failure line: names the address, and the user when it exists. */
export function pamAuthFailure(sec: number, pid: number, ip: string, user: string | null): AuthEvent {
  const tail = user === null ? '' : `  user=${user}`;
  return ev(sec, 'sshd', pid, `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}${tail}`, 'other', user, ip, NaN);
}

export function pamUnknownUser(sec: number, pid: number): AuthEvent {
  return ev(sec, 'sshd', pid, 'pam_unix(sshd:auth): check pass; user unknown', 'other', null, null, NaN);
}

export function maxAttempts(sec: number, pid: number, user: string, invalid: boolean, ip: string, port: number): AuthEvent {
  const who = invalid ? `invalid user ${user}` : user;
  return ev(sec, 'sshd', pid, `error: maximum authentication attempts exceeded for ${who} from ${ip} port ${port} ssh2 [preauth]`, 'other', user, ip, port);
}

export function cronSession(sec: number, pid: number, opened: boolean): AuthEvent {
  const what = opened ? 'opened for user root(uid=0) by (uid=0)' : 'closed for user root';
  return ev(sec, 'CRON', pid, `pam_unix(cron:session): session ${what}`, 'other', null, null, NaN);
}

/** sudo's command line; the message starts with spaces, as sudo pads the user name. */
export function sudoCommand(sec: number, user: string, command: string): AuthEvent {
  return ev(sec, 'sudo', NaN, `   ${user} : TTY=pts/0 ; PWD=/home/${user} ; USER=root ; COMMAND=${command}`, 'other', null, null, NaN);
}

export function sudoSession(sec: number, user: string, uid: number, opened: boolean): AuthEvent {
  const what = opened ? `opened for user root(uid=0) by ${user}(uid=${uid})` : 'closed for user root';
  return ev(sec, 'sudo', NaN, `pam_unix(sudo:session): session ${what}`, 'other', null, null, NaN);
}
