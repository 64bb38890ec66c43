import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect';

const COMBINED = '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"';
const COMMON = '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5';
const AUTH = 'Mar  7 13:06:56 host sshd[1]: Accepted password for a from 1.2.3.4 port 22 ssh2';
const JSONL = '{"ts":1700000000,"path":"/"}';

describe('detectFormat', () => {
  it.each([
    [[COMBINED, COMBINED], 'combined'],
    [[COMMON, COMMON], 'common'],
    [[AUTH, AUTH], 'auth'],
    [['2024-03-27T13:06:56Z host sshd[1]: x'], 'auth'],
    [[JSONL, JSONL], 'jsonl'],
    [['timestamp,value', '2014-07-01 00:00:00,10844'], 'metrics-csv'],
    [['time;cpu;host', '1700000000;0.5;a'], 'metrics-csv'],
  ] as const)('%j → %s', (lines, format) => {
    expect(detectFormat([...lines]).format).toBe(format);
  });

  it('calls a file combined when most lines are combined, though common accepts more', () => {
    const d = detectFormat([COMBINED, COMBINED, COMBINED, COMMON, 'garbage']);
    expect(d).toEqual({ format: 'combined', reason: '3/5 sample lines parse as combined' });
    expect(detectFormat([COMMON, COMMON, COMBINED]).format).toBe('common');
  });

  it('ignores blank lines and looks at no more than 20', () => {
    const lines = ['', '  ', ...Array(20).fill(AUTH), ...Array(30).fill('junk')];
    expect(detectFormat(lines).reason).toBe('20/20 sample lines parse as auth');
  });

  it('uses the file extension to break ties', () => {
    const ambiguous = ['{"ts":1}'];
    expect(detectFormat(ambiguous, 'x.ndjson.gz')).toEqual({ format: 'jsonl', reason: '1/1 sample lines parse as jsonl' });
  });

  it('explains why nothing matched', () => {
    expect(() => detectFormat(['hello', 'world', COMBINED], 'notes.txt')).toThrow(
      /cannot detect the log format in notes\.txt: .*closest: combined, 1\/3; sample line 1: missing client address\)/,
    );
    expect(() => detectFormat(['', ' '])).toThrow(/no non-blank lines/);
    expect(() => detectFormat(['[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok'])).toThrow(
      'no format parses most of the first 1 non-blank lines (none parses any of them; as combined, sample line 1: bad timestamp "[notice]")',
    );
  });
});
