import { describe, expect, it } from 'vitest';
import { alignRight, formatCell, formatNumber, isoUtc } from './format';

describe('isoUtc', () => {
  it('writes epoch ms as ISO UTC', () => {
    expect(isoUtc(Date.UTC(2024, 2, 1, 12, 30, 5, 7))).toBe('2024-03-01T12:30:05.007Z');
    expect(isoUtc(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('keeps microseconds', () => {
    expect(isoUtc(Date.UTC(2024, 2, 1) + 123.456)).toBe('2024-03-01T00:00:00.123456Z');
    expect(isoUtc(-0.5)).toBe('1969-12-31T23:59:59.999500Z');
    expect(isoUtc(1.9999999)).toBe('1970-01-01T00:00:00.002Z');
  });

  it('returns values a Date cannot hold as numbers', () => {
    expect(isoUtc(9.2e15)).toBe('9200000000000000');
    expect(isoUtc(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});

describe('formatNumber', () => {
  it('is exact for integers and drops float noise', () => {
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(-7)).toBe('-7');
    expect(formatNumber(123456789012345)).toBe('123456789012345');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1 / 3)).toBe('0.333333333333');
    expect(formatNumber(1e-9)).toBe('1e-9');
    expect(formatNumber(1e300)).toBe('1e+300');
  });

  it('names non-finite values', () => {
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('-Infinity');
  });
});

describe('formatCell', () => {
  it('formats by kind', () => {
    const ms = Date.UTC(2024, 0, 2);
    expect(formatCell(ms, 'timestamp')).toBe('2024-01-02T00:00:00.000Z');
    // epoch-ms integers keep their exact value in the table (only charts read them as times)
    expect(formatCell(ms, 'epoch')).toBe(String(ms));
    expect(formatCell('2024-01-02', 'date')).toBe('2024-01-02');
    expect(formatCell(null, 'text')).toBe('NULL');
    expect(formatCell(true, 'boolean')).toBe('true');
    expect(formatCell('<b>x</b>', 'text')).toBe('<b>x</b>');
  });

  it('right-aligns numbers only', () => {
    expect(alignRight('number')).toBe(true);
    expect(alignRight('timestamp')).toBe(false);
    expect(alignRight('text')).toBe(false);
  });
});
