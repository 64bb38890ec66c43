/**
 * Classifies an auth.log message and pulls out user / client address / port. Message shapes are
 * OpenSSH's (auth.c, sshd.c, packet.c) across versions, e.g. "Received disconnect from IP: 11:"
 * (≤ 7.2) and "Received disconnect from IP port N:11:" (later).
 */
import type { AuthKind } from './types';

/** Fields found by the last classifyAuth call; reused to avoid an object per line. */
export const found: { user: string | null; ip: string | null; port: number } = { user: null, ip: null, port: NaN };

function setIpPort(m: string, i: number): void {
  let e = m.indexOf(' ', i);
  if (e < 0) e = m.length;
  let ipEnd = e;
  // "from 1.2.3.4: 11: Bye Bye" — a colon glued to the address is punctuation, not part of it
  if (m.charCodeAt(ipEnd - 1) === 58 && m.charCodeAt(ipEnd - 2) !== 58) ipEnd--;
  if (ipEnd > i) found.ip = m.slice(i, ipEnd);
  if (m.startsWith(' port ', e)) {
    let p = 0;
    let k = e + 6;
    const start = k;
    for (; k < m.length; k++) {
      const d = m.charCodeAt(k) - 48;
      if (d < 0 || d > 9) break;
      p = p * 10 + d;
    }
    if (k > start) found.port = p;
  }
}

/** `<user> from <ip> [port N]` where the user starts at i; the user may be empty. */
function setUserFrom(m: string, i: number): void {
  const f = m.lastIndexOf(' from ');
  if (f < i - 1) return;
  found.user = f <= i ? '' : m.slice(i, f);
  setIpPort(m, f + 6);
}

/** `[invalid user|authenticating user|user] <user> <ip> [port N]` or just `<ip> [port N]` at i. */
function setPeer(m: string, i: number): void {
  let k = i;
  for (const prefix of ['invalid user ', 'authenticating user ', 'user ']) {
    if (m.startsWith(prefix, k)) {
      k += prefix.length;
      const ue = m.indexOf(' ', k);
      if (ue < 0) return;
      found.user = m.slice(k, ue);
      setIpPort(m, ue + 1);
      return;
    }
  }
  setIpPort(m, k);
}

/** Token after `key` (e.g. "rhost=") up to the next space; null when absent or empty. */
function valueAfter(m: string, key: string): string | null {
  const k = m.indexOf(key);
  if (k < 0) return null;
  const v = k + key.length;
  let e = m.indexOf(' ', v);
  if (e < 0) e = m.length;
  return e > v ? m.slice(v, e) : null;
}

function looksLikeAddress(m: string, i: number): boolean {
  const c = m.charCodeAt(i);
  return (c >= 48 && c <= 57) || c === 58 || ((c | 32) >= 97 && (c | 32) <= 102 && m.indexOf(':', i) > 0);
}

/** Best effort for other messages: pam's `rhost=`/` user=`, or `[for [invalid user] U] from IP [port N]`. */
function setOther(m: string): void {
  const rhost = valueAfter(m, ' rhost=');
  if (rhost !== null || m.includes(' ruser=')) {
    found.ip = rhost;
    found.user = valueAfter(m, ' user=');
    return;
  }
  const f = m.indexOf(' from ');
  if (f < 0 || !looksLikeAddress(m, f + 6)) return;
  setIpPort(m, f + 6);
  const fo = m.lastIndexOf(' for ', f);
  if (fo >= 0) {
    const u = fo + 5;
    found.user = m.startsWith('invalid user ', u) ? m.slice(u + 13, f) : m.slice(u, f);
  }
}

export function classifyAuth(message: string): AuthKind {
  found.user = null;
  found.ip = null;
  found.port = NaN;
  let m = message;
  // "message repeated 5 times: [ Failed password for root from … ssh2]": classify what was repeated
  if (m.startsWith('message repeated ')) {
    const b = m.indexOf(': [ ');
    if (b > 0) m = m.slice(b + 4, m.endsWith(']') ? m.length - 1 : m.length).trimEnd();
  }
  if (m.startsWith('error: ')) m = m.slice(7);

  if (m.includes('POSSIBLE BREAK-IN ATTEMPT')) {
    // "reverse mapping checking getaddrinfo for host [1.2.3.4] failed" / "Address 1.2.3.4 maps to host, …"
    const lb = m.indexOf(' [');
    const rb = lb < 0 ? -1 : m.indexOf(']', lb);
    if (rb > lb + 2) found.ip = m.slice(lb + 2, rb);
    else if (m.startsWith('Address ')) setIpPort(m, 8);
    return 'break_in_attempt';
  }
  if (m.startsWith('Failed password for ')) {
    setUserFrom(m, m.startsWith('invalid user ', 20) ? 33 : 20);
    return 'failed_password';
  }
  if (m.startsWith('Invalid user ')) {
    setUserFrom(m, 13);
    return 'invalid_user';
  }
  if (m.startsWith('Accepted ')) {
    const f = m.indexOf(' for ', 9);
    if (f > 0) {
      setUserFrom(m, f + 5);
      return 'accepted';
    }
  }
  if (m.startsWith('Disconnected from ')) {
    setPeer(m, 18);
    return 'disconnect';
  }
  if (m.startsWith('Received disconnect from ')) {
    setIpPort(m, 25);
    return 'disconnect';
  }
  if (m.startsWith('Connection closed by ')) {
    setPeer(m, 21);
    return 'disconnect';
  }
  setOther(m);
  return 'other';
}
