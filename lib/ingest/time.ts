/**
 * Timestamp arithmetic shared by the parsers. Everything is integer calendar maths on char
 * codes: no Date objects per line (too slow, and Date parsing of non-ISO text differs between
 * engines), and every result is UTC epoch milliseconds.
 */

import { MAX_TIME_MS, MIN_TIME_MS } from './limits';

const MS_PER_DAY = 86_400_000;

/** Whether epoch ms `t` is a time the tables take (see MIN_TIME_MS); false for NaN. */
export function inTimeRange(t: number): boolean {
  return t >= MIN_TIME_MS && t <= MAX_TIME_MS;
}

/** Reject reason for a timestamp that parsed but lies outside the supported range. */
export function timeOutOfRange(written: string): string {
  return `timestamp ${written} is outside the years 1900–9999`;
}

/** Days since 1970-01-01 for a proleptic Gregorian date (month 1–12); H. Hinnant's algorithm. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Epoch ms for a wall-clock time in UTC; NaN when any field is out of range. */
export function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h <= 23 && mi <= 59 && s <= 60)) return NaN;
  if (!(h >= 0 && mi >= 0 && s >= 0 && ms >= 0)) return NaN;
  // A leap second (:60) is folded onto the next second, as every engine's Date does.
  return daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

/** 1–12 for an English three-letter month abbreviation at s[i..i+3) (any case), else 0. */
export function monthAt(s: string, i: number): number {
  const key = ((s.charCodeAt(i) | 32) << 16) | ((s.charCodeAt(i + 1) | 32) << 8) | (s.charCodeAt(i + 2) | 32);
  switch (key) {
    case 0x6a616e: return 1; // jan
    case 0x666562: return 2; // feb
    case 0x6d6172: return 3; // mar
    case 0x617072: return 4; // apr
    case 0x6d6179: return 5; // may
    case 0x6a756e: return 6; // jun
    case 0x6a756c: return 7; // jul
    case 0x617567: return 8; // aug
    case 0x736570: return 9; // sep
    case 0x6f6374: return 10; // oct
    case 0x6e6f76: return 11; // nov
    case 0x646563: return 12; // dec
    default: return 0;
  }
}

/** Value of `len` ASCII digits at s[i..], or -1 if any is not a digit. */
export function digitsAt(s: string, i: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Length of a `.123` / `,123` fraction starting at s[i] (the separator included): 0 when there is
 * none, -1 when the separator has no digits after it.
 */
export function fractionLength(s: string, i: number, end: number): number {
  const c = s.charCodeAt(i);
  if (c !== 46 && c !== 44) return 0;
  let j = i + 1;
  while (j < end) {
    const d = s.charCodeAt(j) - 48;
    if (d < 0 || d > 9) break;
    j++;
  }
  return j === i + 1 ? -1 : j - i;
}

/** Milliseconds of the fraction of `len` chars (separator included) at s[i], truncated. */
export function fractionMs(s: string, i: number, len: number): number {
  let ms = 0;
  for (let k = 1; k <= 3; k++) ms = ms * 10 + (k < len ? s.charCodeAt(i + k) - 48 : 0);
  return ms;
}

/**
 * Parses `YYYY-MM-DD[T| ]HH:MM[:SS][.fff][Z|±HH:MM|±HHMM|±HH]` (the whole string from `from`
 * to `end`). Times without an offset are taken as UTC. Returns NaN for anything else.
 */
export function parseIsoTime(s: string, from = 0, end = s.length): number {
  const y = digitsAt(s, from, 4);
  if (y < 0 || s.charCodeAt(from + 4) !== 45 || s.charCodeAt(from + 7) !== 45) return NaN;
  const mo = digitsAt(s, from + 5, 2);
  const d = digitsAt(s, from + 8, 2);
  if (mo < 0 || d < 0) return NaN;
  if (end === from + 10) return utcMs(y, mo, d, 0, 0, 0, 0);
  const sep = s.charCodeAt(from + 10);
  if (sep !== 84 && sep !== 32 && sep !== 116) return NaN; // 'T', ' ', 't'
  const h = digitsAt(s, from + 11, 2);
  const mi = digitsAt(s, from + 14, 2);
  if (h < 0 || mi < 0 || s.charCodeAt(from + 13) !== 58) return NaN;
  let i = from + 16;
  let sec = 0;
  if (s.charCodeAt(i) === 58) {
    sec = digitsAt(s, i + 1, 2);
    if (sec < 0) return NaN;
    i += 3;
  }
  const fl = fractionLength(s, i, end);
  if (fl < 0) return NaN;
  const ms = fractionMs(s, i, fl);
  i += fl;
  const base = utcMs(y, mo, d, h, mi, sec, ms);
  const off = parseOffset(s, i, end);
  return base - off;
}

/** Offset in ms of `Z` / `±HH:MM` / `±HHMM` / `±HH` filling s[i..end) exactly; 0 when empty; NaN if malformed. */
function parseOffset(s: string, i: number, end: number): number {
  if (i === end) return 0;
  const c = s.charCodeAt(i);
  if ((c === 90 || c === 122) && i + 1 === end) return 0; // Z
  if (c !== 43 && c !== 45) return NaN;
  const sign = c === 45 ? -1 : 1;
  const oh = digitsAt(s, i + 1, 2);
  let om: number;
  if (i + 3 === end) om = 0;
  else if (i + 5 === end) om = digitsAt(s, i + 3, 2);
  else if (i + 6 === end && s.charCodeAt(i + 3) === 58) om = digitsAt(s, i + 4, 2);
  else return NaN;
  if (oh < 0 || om < 0 || oh > 23 || om > 59) return NaN;
  return sign * (oh * 60 + om) * 60_000;
}

/**
 * Epoch number → ms, unit chosen by magnitude: below 1e11 seconds (up to year 5138), below 1e14
 * milliseconds, below 1e17 microseconds, else nanoseconds.
 */
export function epochToMs(v: number): number {
  if (!Number.isFinite(v)) return NaN;
  const a = Math.abs(v);
  if (a < 1e11) return Math.round(v * 1000);
  if (a < 1e14) return v;
  if (a < 1e17) return Math.floor(v / 1000);
  return Math.floor(v / 1e6);
}

/** An ISO date-time, or a plain decimal epoch number written as text; NaN for anything else. */
export function parseTimeText(s: string): number {
  const t = s.trim();
  if (t.length === 0) return NaN;
  if (/^-?\d+(\.\d+)?$/.test(t)) return epochToMs(Number(t));
  return parseIsoTime(t);
}
