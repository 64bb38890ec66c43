import { describe, expect, it } from 'vitest';
import { createAccessParser } from './access';
import { parseClfTime } from './clf';
import { RequestBuilder } from './batch';
import type { RequestBatch } from './types';

function parseOne(line: string, opts: Parameters<typeof createAccessParser>[2] = {}, format: 'combined' | 'common' = 'combined') {
  const sink = new RequestBuilder('t', 10);
  const r = createAccessParser(format, sink, opts).parse(line);
  sink.seal();
  return { r, b: sink.ready[0] as RequestBatch | undefined };
}

const PREFIX = '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET /x HTTP/1.1" 200 5 "-" "ua"';

describe('access log request time', () => {
  it.each([
    ['0.123', 'auto', 123],
    ['0.000', 'auto', 0],
    ['12.5', 'auto', 12500],
    ['0.0001234', 'auto', 0.1234],
    ['15230', 'auto', 15.23],
    ['0', 'auto', 0],
    ['15230', 's', 15_230_000],
    ['15230', 'ms', 15230],
    ['0.5', 'ms', 0.5],
    ['0.5', 'us', 0.0005],
    ['-', 'auto', NaN],
    ['abc', 'auto', NaN],
  ] as const)('%s with unit %s → %s ms', (field, unit, ms) => {
    const { r, b } = parseOne(`${PREFIX} ${field}`, { latencyUnit: unit });
    expect(r).toBe(true);
    expect(b!.latency_ms[0]).toBe(ms);
  });

  it('rejects an unknown unit at construction', () => {
    expect(() => createAccessParser('combined', new RequestBuilder('t', 1), { latencyUnit: 'min' as 'ms' })).toThrow(/invalid latency unit: min/);
  });
});

describe('access log timestamps', () => {
  const at = (t: string) => parseClfTime(t, 0, t.length - 1);
  it('applies the offset and reads fractions', () => {
    expect(at('[10/Oct/2000:13:55:36 -0700]')).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
    expect(at('[01/Jan/2024:00:30:00 +0100]')).toBe(Date.UTC(2023, 11, 31, 23, 30));
    expect(at('[10/Oct/2000:13:55:36.250 +0000]')).toBe(Date.UTC(2000, 9, 10, 13, 55, 36, 250));
  });
  it.each(['[32/Oct/2000:13:55:36 +0000]', '[10/Foo/2000:13:55:36 +0000]', '[10/Oct/2000:13:55:36]', '[10/Oct/2000:13:55:36 +00]', '[29/Feb/2023:00:00:00 +0000]'])(
    'rejects %s',
    (t) => expect(at(t)).toBeNaN(),
  );
});

describe('access log rejects', () => {
  it.each([
    ['', 'missing client address'],
    ['1.2.3.4 - - 10/Oct/2023 "GET / HTTP/1.1" 200 5', 'missing timestamp "[...]"'],
    ['1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] GET / 200 5', 'missing quoted request after timestamp'],
    ['1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1', 'missing closing quote in request'],
    ['1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 2000 5 "-" "ua"', 'status is not a number: "2000"'],
    ['1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5.5 "-" "ua"', 'size is not a number: "5.5"'],
    ['1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-', 'missing closing quote in referrer'],
    ['1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" ua', 'missing user agent after referrer'],
  ])('%s → %s', (line, reason) => {
    expect(parseOne(line).r).toBe(reason);
  });

  it('keeps a row with null method/path for a malformed request line', () => {
    for (const req of ['-', '', 'GET', '\\x16\\x03\\x01', 'get /lower HTTP/1.1']) {
      const { r, b } = parseOne(`1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "${req}" 400 0 "-" "-"`);
      expect(r).toBe(true);
      expect([b!.method[0], b!.path[0], b!.route[0], b!.status[0]]).toEqual([null, null, null, 400]);
    }
  });

  it('accepts referrer and user agent in common mode but does not require them', () => {
    expect(parseOne('1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5', {}, 'common').r).toBe(true);
    expect(parseOne('1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5', {}, 'combined').r).toBe(
      'missing referrer and user agent after size',
    );
    expect(parseOne(`${PREFIX}`, {}, 'common').b!.user_agent[0]).toBe('ua');
  });
});
