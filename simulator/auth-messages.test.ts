import { describe, expect, it } from 'vitest';
import { classifyAuth, found } from '../lib/ingest/auth-message';
import * as m from './auth-messages';

const IP = '198.51.100.7';

describe('auth messages carry the fields lib/ingest reads from them', () => {
  const events: m.AuthEvent[] = [
    m.accepted(1, 100, 'password', 'alice', IP, 50_000, 'ED25519 SHA256:abc'),
    m.accepted(1, 100, 'publickey', 'bob', IP, 50_001, 'ED25519 SHA256:abc+/9'),
    m.failedPassword(1, 100, 'alice', false, IP, 2222),
    m.failedPassword(1, 100, 'oracle', true, IP, 2222),
    m.invalidUser(1, 100, 'admin', IP, 2222),
    m.sessionOpened(1, 100, 'alice', 1001),
    m.sessionClosed(1, 100, 'alice'),
    m.receivedDisconnect(1, 100, IP, 2222, true),
    m.receivedDisconnect(1, 100, IP, 2222, false),
    m.disconnected(1, 100, 'user', 'alice', IP, 2222, false),
    m.disconnected(1, 100, 'invalid user', 'test', IP, 2222, true),
    m.disconnected(1, 100, 'authenticating user', 'root', IP, 2222, true),
    m.connectionClosed(1, 100, IP, 2222, null, ''),
    m.connectionClosed(1, 100, IP, 2222, 'authenticating user', 'root'),
    m.connectionClosed(1, 100, IP, 2222, 'invalid user', 'pi'),
    m.noIdentification(1, 100, IP, 2222),
    m.pamAuthFailure(1, 100, IP, 'root'),
    m.pamAuthFailure(1, 100, IP, null),
    m.pamUnknownUser(1, 100),
    m.maxAttempts(1, 100, 'root', false, IP, 2222),
    m.maxAttempts(1, 100, 'guest', true, IP, 2222),
    m.cronSession(1, 100, true),
    m.cronSession(1, 100, false),
    m.sudoCommand(1, 'alice', '/usr/bin/docker ps'),
    m.sudoSession(1, 'alice', 1001, true),
    m.sudoSession(1, 'alice', 1001, false),
  ];

  it.each(events.map((e) => [e.message, e] as const))('%s', (_, e) => {
    const kind = classifyAuth(e.message);
    expect({ kind, user: found.user, ip: found.ip, port: found.port }).toEqual({ kind: e.kind, user: e.user, ip: e.ip, port: e.port });
  });

  it('covers the kinds that matter to detectors', () => {
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['accepted', 'failed_password', 'invalid_user', 'disconnect', 'other']));
  });
});
