import { describe, expect, it } from 'vitest';
import { escapeControl, jsonLine, safeText } from './terminal';

describe('terminal escaping', () => {
  it('makes every control sequence visible and inert, keeping tabs', () => {
    expect(escapeControl('a\u001b]52;c;aGk=\u0007b')).toBe('a\\e]52;c;aGk=\\x07b');
    expect(escapeControl('ok\rfake\nnext')).toBe('ok\\rfake\\nnext');
    expect(escapeControl('\u0000\u0008\u007f\u0085\u009b\u202e\u2066x\ty')).toBe('\\x00\\x08\\x7f\\x85\\x9b\\u202e\\u2066x\ty');
    expect(escapeControl('plain ünïcode — text')).toBe('plain ünïcode — text');
  });

  it('keeps the newlines of a block of output but nothing else', () => {
    expect(safeText('line 1\nline\u001b[2J 2\r\n')).toBe('line 1\nline\\e[2J 2\\r\n');
  });

  it('writes JSON with no raw DEL, C1 or bidi control, which reads back to the same value', () => {
    const value = { text: 'a\u001b[31m\u007f\u009b\u202eb', n: 1 };
    const line = jsonLine(value);
    expect(line.endsWith('\n')).toBe(true);
    expect(line).toBe('{"text":"a\\u001b[31m\\u007f\\u009b\\u202eb","n":1}\n');
    expect(JSON.parse(line)).toEqual(value);
  });
});
