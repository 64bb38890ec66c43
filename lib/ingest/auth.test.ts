import { describe, expect, it } from 'vitest';
import { createAuthParser } from './auth';
import { classifyAuth, found } from './auth-message';
import { AuthBuilder } from './batch';
import { defaultSyslogYear } from './ingest';
import type { AuthBatch } from './types';

function parseAll(lines: string[], year?: number) {
  const sink = new AuthBuilder('t', 100);
  const p = createAuthParser(sink, { year });
  const results = lines.map((l) => p.parse(l));
  sink.seal();
  const b = sink.ready[0] as AuthBatch | undefined;
  return { results, iso: b ? Array.from(b.ts, (t) => new Date(t).toISOString()) : [] };
}

describe('auth.log years', () => {
  it('rolls over to the next year when the month goes back (Dec → Jan)', () => {
    const { iso } = parseAll(
      ['Dec 30 10:00:00 h sshd[1]: a', 'Dec 31 23:59:59 h sshd[1]: b', 'Jan  1 00:00:00 h sshd[1]: c', 'Nov  2 00:00:00 h sshd[1]: d'],
      2022,
    );
    expect(iso).toEqual(['2022-12-30T10:00:00.000Z', '2022-12-31T23:59:59.000Z', '2023-01-01T00:00:00.000Z', '2023-11-02T00:00:00.000Z']);
  });

  it('takes a one-month step back as interleaving, not a new year', () => {
    const { iso } = parseAll(['Apr  1 00:00:01 h x: a', 'Mar 31 23:59:59 h x: b', 'Apr  1 00:00:02 h x: c'], 2024);
    expect(iso).toEqual(['2024-04-01T00:00:01.000Z', '2024-03-31T23:59:59.000Z', '2024-04-01T00:00:02.000Z']);
  });

  it('reads unpadded and zero-padded days', () => {
    const { iso } = parseAll(['Mar 7 01:02:03 h x: a', 'Mar 07 01:02:03 h x: a', 'Mar  7 01:02:03 h x: a'], 2024);
    expect(new Set(iso)).toEqual(new Set(['2024-03-07T01:02:03.000Z']));
  });

  it('rejects yearless lines when no year was given, but not RFC 3339 ones', () => {
    const { results } = parseAll(['Mar  7 01:02:03 h x: a', '2024-03-07T01:02:03Z h x: a']);
    expect(results).toEqual(['syslog timestamp has no year and no year option was given', true]);
  });

  it('defaults to the modification year, or the year before for months after the modification month', () => {
    expect(defaultSyslogYear(Date.UTC(2024, 0, 15), 12)).toBe(2023);
    expect(defaultSyslogYear(Date.UTC(2024, 0, 15), 1)).toBe(2024);
    expect(defaultSyslogYear(Date.UTC(2024, 5, 1), 3)).toBe(2024);
  });
});

describe('classifyAuth', () => {
  it.each([
    ['Failed password for invalid user admin from 1.2.3.4 port 22 ssh2', 'failed_password', 'admin', '1.2.3.4', 22],
    ['Failed password for root from ::1 port 22 ssh2', 'failed_password', 'root', '::1', 22],
    ['Invalid user bob from 1.2.3.4', 'invalid_user', 'bob', '1.2.3.4', NaN],
    ['Invalid user  from 1.2.3.4 port 5', 'invalid_user', '', '1.2.3.4', 5],
    ['Accepted keyboard-interactive/pam for carol from 1.2.3.4 port 6 ssh2', 'accepted', 'carol', '1.2.3.4', 6],
    ['Disconnected from user dave 1.2.3.4 port 7', 'disconnect', 'dave', '1.2.3.4', 7],
    ['Received disconnect from 1.2.3.4: 11: Bye Bye [preauth]', 'disconnect', null, '1.2.3.4', NaN],
    ['error: Received disconnect from 1.2.3.4 port 8:14: No more user authentication methods available. [preauth]', 'disconnect', null, '1.2.3.4', 8],
    ['Connection closed by 1.2.3.4 [preauth]', 'disconnect', null, '1.2.3.4', NaN],
    ['Address 1.2.3.4 maps to x.example, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!', 'break_in_attempt', null, '1.2.3.4', NaN],
    ['message repeated 2 times: [ Invalid user eve from 1.2.3.4 port 9]', 'invalid_user', 'eve', '1.2.3.4', 9],
    ['pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4', 'other', null, '1.2.3.4', NaN],
    ['Server listening on 0.0.0.0 port 22.', 'other', null, null, NaN],
    ['Failed publickey for frank from 1.2.3.4 port 10 ssh2', 'other', 'frank', '1.2.3.4', 10],
  ] as const)('%s', (message, kind, user, ip, port) => {
    expect(classifyAuth(message)).toBe(kind);
    expect([found.user, found.ip, found.port]).toEqual([user, ip, port]);
  });
});
