import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeAll, redact, REDACTED } from './redact';
import { isSecretName } from './secret-names';

const dir = path.resolve(import.meta.dirname, '../../test/fixtures/hostile/redaction');

interface Case {
  text: string;
  secrets: string[];
  keeps: string[];
  line: number;
}

/** secrets.txt: `case:` starts a case (`\n` in it is a newline), `secret:` and `keep:` lines belong to the case above. */
function readCases(): Case[] {
  const cases: Case[] = [];
  readFileSync(path.join(dir, 'secrets.txt'), 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const m = /^(case|secret|keep): (.*)$/.exec(raw);
      if (!m) {
        if (raw.trim() !== '' && !raw.startsWith('#')) throw new Error(`secrets.txt:${i + 1}: unreadable line "${raw}"`);
        return;
      }
      const [, kind, value] = m;
      if (kind === 'case') return void cases.push({ text: value.replaceAll('\\n', '\n'), secrets: [], keeps: [], line: i + 1 });
      const c = cases.at(-1);
      if (!c) throw new Error(`secrets.txt:${i + 1}: ${kind} before any case`);
      (kind === 'secret' ? c.secrets : c.keeps).push(value);
    });
  return cases;
}

const cases = readCases();
const ordinary = readFileSync(path.join(dir, 'ordinary.txt'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));

/** The ways a log or URL hides text: all of them must be seen through. */
const ENCODINGS: Record<string, (s: string) => string> = {
  plain: (s) => s,
  percent: (s) => encodeURIComponent(s),
  'form (+ for space)': (s) => encodeURIComponent(s).replaceAll('%20', '+'),
  'double percent': (s) => encodeURIComponent(encodeURIComponent(s)),
  'HTML entities': (s) => s.replace(/[^A-Za-z0-9 ]/g, (c) => `&#${c.codePointAt(0)};`),
  'hex entities and nginx \\x escapes': (s) => s.replace(/["&=:]/g, (c) => (c === '"' ? '\\x22' : `&#x${c.charCodeAt(0).toString(16)};`)),
};

function survivors(out: string, secrets: readonly string[]): string[] {
  const seen = [out, decodeAll(out)];
  return secrets.filter((s) => seen.some((t) => t.includes(s)));
}

describe('redact: the corpus of secrets', () => {
  it('has cases for every shape the issue names', () => {
    const all = cases.map((c) => c.text).join('\n');
    for (const shape of ['private_token=', 'X-Amz-Credential', 'X-Amz-Signature', 'access_key', 'pass%77ord', 'Bearer abc', 'ghp_', 'xoxb-', 'sk-', 'BEGIN RSA PRIVATE KEY', '"password":', 'curl -u', '@example', 'Invalid user', 'AKIA', 'ASIA', 'github_pat_', 'eyJ']) {
      expect(all, shape).toContain(shape);
    }
    expect(cases.length).toBeGreaterThan(80);
    expect(cases.every((c) => c.secrets.length > 0)).toBe(true);
  });

  for (const [name, encode] of Object.entries(ENCODINGS)) {
    it(`leaves no secret in any case, ${name}`, () => {
      const leaks = cases.flatMap((c) => {
        const out = redact(encode(c.text));
        const left = survivors(out, c.secrets);
        return left.length > 0 ? [`secrets.txt:${c.line}: ${left.join(', ')} survived in ${JSON.stringify(out)}`] : [];
      });
      expect(leaks).toEqual([]);
    });
  }

  it('keeps the ordinary parts of each case and marks what it removed', () => {
    for (const c of cases) {
      const out = redact(c.text);
      for (const k of c.keeps) expect(out, `secrets.txt:${c.line}`).toContain(k);
      expect(out, `secrets.txt:${c.line}`).toContain(REDACTED);
    }
  });

  it('is idempotent', () => {
    for (const c of cases) {
      for (const encode of Object.values(ENCODINGS)) {
        const once = redact(encode(c.text));
        expect(redact(once), `secrets.txt:${c.line}`).toBe(once);
      }
    }
  });
});

describe('redact: ordinary log text', () => {
  it('leaves paths, IPs, status codes, user agents, timestamps and account names unchanged', () => {
    expect(ordinary.length).toBeGreaterThan(25);
    for (const line of ordinary) expect(redact(line)).toBe(line);
  });

  it('leaves them unchanged when encoded too (decoding is only used when it reveals a secret)', () => {
    for (const line of ordinary) expect(redact(encodeURIComponent(line))).toBe(encodeURIComponent(line));
  });

  it('shows the decoded text when only decoding reveals the secret, so the reader sees what was removed', () => {
    expect(redact('/a?r=%2Flogin%3Fpassword%3Dhunter2')).toBe('/a?r=/login?password=[redacted]');
    expect(redact('/a?pass%77ord=hunter2&x=1')).toBe('/a?pass%77ord=[redacted]&x=1');
    expect(redact('/a?next=%2Fhome&password=hunter2')).toBe('/a?next=%2Fhome&password=[redacted]');
  });

  it('keeps quotes around a redacted JSON string, the scheme of an Authorization header and the user of a URL', () => {
    expect(redact('{"password":"x y","a":1}')).toBe('{"password":"[redacted]","a":1}');
    expect(redact('Authorization: Bearer abcdefghijkl.mnop')).toBe('Authorization: Bearer [redacted]');
    expect(redact('https://admin:s3cret@db.internal/x')).toBe('https://admin:[redacted]@db.internal/x');
    expect(redact('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----')).toBe('-----BEGIN EC PRIVATE KEY-----[redacted]-----END EC PRIVATE KEY-----');
  });
});

describe('redact: sshd user names', () => {
  it('redacts a name sshd calls invalid unless it is a common account name', () => {
    const line = (u: string) => `sshd[1]: Failed password for invalid user ${u} from 203.0.113.7 port 22 ssh2`;
    for (const u of ['hunter2', '1234', 'Summer2025!', 'johnny', 'P@ss w0rd']) expect(redact(line(u))).toBe(line(REDACTED));
    for (const u of ['admin', 'root', 'Oracle', 'ubnt', 'pi', 'ec2-user']) expect(redact(line(u))).toBe(line(u));
  });

  it('keeps the name of a user that exists (sshd does not say "invalid")', () => {
    expect(redact('sshd[1]: Failed password for bob from 203.0.113.7 port 22 ssh2')).toBe('sshd[1]: Failed password for bob from 203.0.113.7 port 22 ssh2');
  });
});

describe('isSecretName', () => {
  it('matches secret words case-insensitively, across separators and camelCase', () => {
    for (const n of ['password', 'PASSWD', 'pwd', 'client_secret', 'private_token', 'access_key', 'AccessKey', 'api_key', 'apiKey', 'X-Api-Key', 'apikey', 'auth', 'oauth_token', 'session', 'PHPSESSID', 'sig', 'signature', 'X-Amz-Signature', 'X-Amz-Credential', 'key', 'sid', 'jwt']) {
      expect(isSecretName(n), n).toBe(true);
    }
  });

  it('does not match ordinary names', () => {
    for (const n of ['user', 'id', 'q', 'page', 'sort', 'state', 'keyword', 'design', 'signup', 'status', 'status_code', 'next', 'redirect_uri', 'host', 'path']) {
      expect(isSecretName(n), n).toBe(false);
    }
  });

  it('takes `code` as secret only in a URL, and prose labels such as "session:" not at all', () => {
    expect(isSecretName('code', { inUrl: true })).toBe(true);
    expect(isSecretName('code')).toBe(false);
    expect(isSecretName('session', { label: true })).toBe(false);
    expect(isSecretName('input_userauth_request', { label: true })).toBe(false);
    expect(isSecretName('password', { label: true })).toBe(true);
    expect(isSecretName('X-Api-Key', { label: true })).toBe(true);
  });
});

describe('redact: hostile input', () => {
  // termination checks against super-linear backtracking: each input is ~200 KB of a rule's near-miss
  it('finishes on long near-misses of every rule', () => {
    const n = 200_000;
    const inputs = ['a'.repeat(n), 'a.'.repeat(n / 2), 'a@'.repeat(n / 2), 'a@b.'.repeat(n / 4), '-'.repeat(n), ' -a'.repeat(n / 3), '"a":'.repeat(n / 4), 'x=;'.repeat(n / 3), 'invalid user '.repeat(n / 13), '%2'.repeat(n / 2), 'Aa1'.repeat(n / 3), 'http://'.repeat(n / 7)];
    for (const s of inputs) expect(typeof redact(s)).toBe('string');
  });
});
