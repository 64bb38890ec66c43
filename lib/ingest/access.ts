/**
 * nginx / apache access logs: `common` (`%h %l %u %t "%r" %>s %b`) and `combined` (+ `"%{Referer}i"
 * "%{User-agent}i"`), each optionally followed by a request time (nginx `$request_time` seconds
 * like 0.123, or apache `%D` integer microseconds) as the last field.
 *
 * Decisions:
 * - A request line that is not `METHOD target [HTTP/x]` (`"-"`, TLS bytes from scanners) keeps the
 *   row with method/path/route null: status and timing of such requests are real traffic.
 * - A quoted field without its closing quote, a bad timestamp, status or size rejects the line,
 *   except an unclosed user agent at the end of the line: every field before it is intact, so the
 *   request is kept (as GoAccess counts it) and the line is reported as a warning.
 * - In `combined` a line that ends right after the size is rejected (the two quoted fields are
 *   missing, usually a truncated write); `common` accepts referrer and user agent when present.
 * - `"-"` referrer / user agent become null; other fields after the user agent (nginx's
 *   `"$http_x_forwarded_for"`, upstream times, …) are ignored, except that a numeric last field is
 *   the request time. Two kinds of trailing text keep the request with a warning: a second record
 *   glued on (its `[dd/Mon/yyyy:` timestamp is found after the record) and text that is not a
 *   list of fields (an unclosed or stray quote).
 * - Values the tables cannot hold reject the line with the reason: a status outside 100–599, a
 *   size over 2^53 − 1, a request time over 31 days, a time outside the years 1900–9999.
 * - Apache escapes `"` and `\` as `\"` and `\\` inside quoted fields: those are unescaped. nginx
 *   writes `\x22`, which stays literal text.
 *
 * Scanning is by char code with no regex and no per-line allocation besides the kept substrings.
 */
import { assertNever } from '../util/assert-never';
import type { RequestBuilder } from './batch';
import { type LineParser, type ParseWarning } from './parser';
import { templateRoute } from './route';
import { MAX_BYTES, MAX_LATENCY_MS, MAX_STATUS, MIN_STATUS } from './limits';
import { gluedRecordAt, parseClfTime } from './clf';
import { inTimeRange, timeOutOfRange } from './time';
import type { ParseOptions } from './types';

const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;

const TRUNCATED_UA: ParseWarning = { warning: 'user agent has no closing quote (line cut short?); the request was kept' };

/** Set by closeQuote: whether the quoted field contained a backslash escape. */
let sawEscape = false;
/** Next backslash at or after the last scan position, -1 for none (per line, see parse). */
let nextBackslash = -1;

/**
 * Index of the closing quote of a field whose content starts at `i`, or -1. Native indexOf is
 * several times faster than a charCodeAt loop, so the loop only runs for fields with escapes.
 */
function closeQuote(s: string, i: number): number {
  if (nextBackslash >= 0 && nextBackslash < i) nextBackslash = s.indexOf('\\', i);
  const q = s.indexOf('"', i);
  if (nextBackslash < 0 || (q >= 0 && q < nextBackslash)) {
    sawEscape = false;
    return q;
  }
  sawEscape = true;
  const n = s.length;
  for (let j = nextBackslash; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === QUOTE) {
      nextBackslash = s.indexOf('\\', j);
      return j;
    }
    if (c === BACKSLASH) j++;
  }
  return -1;
}

function unescapeApache(s: string): string {
  return s.replace(/\\(["\\])/g, '$1');
}

function quotedText(s: string, from: number, to: number): string | null {
  if (to - from === 1 && s.charCodeAt(from) === 45) return null; // "-"
  const t = s.slice(from, to);
  return sawEscape ? unescapeApache(t) : t;
}

/** What is wrong with s[from..to) as a list of extra fields (bare tokens and quoted strings), or null. */
function extraFieldsProblem(s: string, from: number, to: number): string | null {
  let i = from;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (c === SPACE) {
      i++;
    } else if (c === QUOTE) {
      const q = closeQuote(s, i + 1);
      if (q < 0 || q >= to) return `unclosed quote in the text after the record: ${quote(s, i, to)}`;
      if (q + 1 < to && s.charCodeAt(q + 1) !== SPACE) return `unexpected text after the record: ${quote(s, i, to)}`;
      i = q + 1;
    } else {
      let e = s.indexOf(' ', i);
      if (e < 0 || e > to) e = to;
      const q = s.indexOf('"', i);
      if (q >= 0 && q < e) return `unexpected text after the record: ${quote(s, i, to)}`;
      i = e;
    }
  }
  return null;
}

/** `HTTP/` at s[i]. */
function isHttpAt(s: string, i: number): boolean {
  return (
    s.charCodeAt(i) === 72 &&
    s.charCodeAt(i + 1) === 84 &&
    s.charCodeAt(i + 2) === 84 &&
    s.charCodeAt(i + 3) === 80 &&
    s.charCodeAt(i + 4) === 47
  );
}

/** Common methods are interned so the hot path allocates nothing for them. */
function methodAt(s: string, from: number, to: number): string | null {
  const n = to - from;
  if (n < 1 || n > 24) return null;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || c === 45 || c === 95)) return null; // A-Z - _
  }
  const c0 = s.charCodeAt(from);
  if (n === 3 && c0 === 71 && s.charCodeAt(from + 1) === 69) return 'GET';
  if (n === 4 && c0 === 80 && s.charCodeAt(from + 1) === 79) return 'POST';
  if (n === 4 && c0 === 72) return 'HEAD';
  if (n === 3 && c0 === 80 && s.charCodeAt(from + 1) === 85) return 'PUT';
  return s.slice(from, to);
}

/** 10^k without Math.pow, which is a slow call with a variable exponent. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Set by parseNumber: the digits as an integer and how many of them follow the decimal point. */
let mantissa = 0;
let fracDigits = 0;

/** Non-negative decimal in s[from..to); NaN if not a number. */
function parseNumber(s: string, from: number, to: number): number {
  let point = false;
  let mant = 0;
  let frac = 0;
  if (from >= to) return NaN;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && !point && i > from && i + 1 < to) {
      point = true;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return NaN;
    mant = mant * 10 + d;
    if (point) frac++;
  }
  if (frac > 22) return NaN;
  mantissa = mant;
  fracDigits = point ? frac : -1;
  return frac === 0 ? mant : mant / POW10[frac];
}

/**
 * Request time field → milliseconds; NaN when the field is not a number (e.g. `-`). Seconds are
 * scaled on the decimal digits so that 0.123 s is exactly 123 ms, not 123.00000000000001.
 */
function latencyMs(s: string, from: number, to: number, unit: 'auto' | 's' | 'ms' | 'us'): number {
  const v = parseNumber(s, from, to);
  if (v !== v) return NaN;
  const u = unit === 'auto' ? (fracDigits >= 0 ? 's' : 'us') : unit;
  switch (u) {
    case 's': {
      const f = fracDigits < 0 ? 0 : fracDigits;
      return f <= 3 ? mantissa * POW10[3 - f] : mantissa / POW10[f - 3];
    }
    case 'ms':
      return v;
    case 'us':
      return v / 1000;
    default:
      return assertNever(u);
  }
}

function quote(s: string, from: number, to: number, max = 40): string {
  const t = s.slice(from, Math.min(to, from + max));
  return `"${t}${to - from > max ? '…' : ''}"`;
}

export function createAccessParser(
  format: 'combined' | 'common',
  sink: RequestBuilder,
  options: Pick<ParseOptions, 'latencyUnit'> = {},
): LineParser {
  const unit = options.latencyUnit ?? 'auto';
  if (unit !== 'auto' && unit !== 's' && unit !== 'ms' && unit !== 'us') throw new Error(`invalid latency unit: ${unit}`);
  const strict = format === 'combined';

  function parse(s: string): true | string | ParseWarning {
    const n = s.length;
    const sp = s.indexOf(' ');
    if (sp <= 0) return 'missing client address';
    const ip = s.slice(0, sp);
    const lb = s.indexOf(' [', sp);
    if (lb < 0) return 'missing timestamp "[...]"';
    const rb = s.indexOf(']', lb + 2);
    if (rb < 0) return `missing closing "]" in timestamp ${quote(s, lb + 1, n)}`;
    const ts = parseClfTime(s, lb + 1, rb);
    if (ts !== ts) return `bad timestamp ${quote(s, lb + 1, rb + 1)}`;
    if (!inTimeRange(ts)) return timeOutOfRange(quote(s, lb + 1, rb + 1));
    nextBackslash = s.indexOf('\\', rb);

    // "%r"
    let i = rb + 1;
    if (s.charCodeAt(i) !== SPACE || s.charCodeAt(i + 1) !== QUOTE) return 'missing quoted request after timestamp';
    const rq = closeQuote(s, i + 2);
    if (rq < 0) return 'missing closing quote in request';
    let method: string | null = null;
    let path: string | null = null;
    {
      const r = sawEscape ? unescapeApache(s.slice(i + 2, rq)) : s;
      const from = sawEscape ? 0 : i + 2;
      const to = sawEscape ? r.length : rq;
      const a = r.indexOf(' ', from);
      if (a > from && a < to) {
        method = methodAt(r, from, a);
        if (method !== null) {
          // "… HTTP/1.1" is by far the usual ending; lastIndexOf and startsWith are slow in V8
          let b = to - 9;
          if (b <= a || r.charCodeAt(b) !== SPACE || !isHttpAt(r, b + 1)) {
            b = to - 1;
            while (b > a && r.charCodeAt(b) !== SPACE) b--;
            if (b === a || !isHttpAt(r, b + 1)) b = to;
          }
          path = b > a + 1 ? r.slice(a + 1, b) : null;
          if (path === null) method = null;
        }
      }
    }

    // %>s %b
    i = rq + 1;
    if (s.charCodeAt(i) !== SPACE) return 'missing status after request';
    i++;
    let e = s.indexOf(' ', i);
    if (e < 0) e = n;
    const status = parseNumber(s, i, e);
    if (status !== status || fracDigits >= 0 || e - i > 3) return `status is not a number: ${quote(s, i, e)}`;
    if (status < MIN_STATUS || status > MAX_STATUS) return `status ${quote(s, i, e)} is out of range (${MIN_STATUS}–${MAX_STATUS})`;
    if (e === n) return 'missing response size after status';
    i = e + 1;
    e = s.indexOf(' ', i);
    if (e < 0) e = n;
    let bytes = NaN;
    if (!(e - i === 1 && s.charCodeAt(i) === 45)) {
      bytes = parseNumber(s, i, e);
      if (bytes !== bytes || fracDigits >= 0) return `size is not a number: ${quote(s, i, e)}`;
      if (bytes > MAX_BYTES) return `size ${quote(s, i, e)} is out of range (at most 2^53 − 1 bytes)`;
    }

    // ["referrer" "user agent"] [extra fields…] [request time]
    let referrer: string | null = null;
    let ua: string | null = null;
    i = e + 1;
    if (i < n && s.charCodeAt(i) === QUOTE) {
      const rc = closeQuote(s, i + 1);
      if (rc < 0) return 'missing closing quote in referrer';
      referrer = quotedText(s, i + 1, rc);
      if (s.charCodeAt(rc + 1) !== SPACE || s.charCodeAt(rc + 2) !== QUOTE) return 'missing user agent after referrer';
      const uc = closeQuote(s, rc + 3);
      if (uc < 0) {
        // Every field up to the user agent is intact (a line cut short, as GoAccess also reads it):
        // keep the request, flag the line.
        ua = quotedText(s, rc + 3, n);
        sink.push(ts, ip, method, path, path === null ? null : templateRoute(path), status, bytes, NaN, referrer, ua);
        return TRUNCATED_UA;
      }
      ua = quotedText(s, rc + 3, uc);
      i = uc + 1;
    } else if (strict) {
      return 'missing referrer and user agent after size';
    }

    let latency = NaN;
    let warning: ParseWarning | null = null;
    if (i < n) {
      let end = n;
      const glued = gluedRecordAt(s, i);
      if (glued >= 0) {
        end = glued;
        warning = { warning: `a second record seems glued on at character ${glued + 1}: ${quote(s, glued, n, 60)}; only the first was kept` };
      } else if (s.indexOf('"', i) >= 0) {
        const problem = extraFieldsProblem(s, i, n);
        if (problem !== null) warning = { warning: `${problem}; the record before it was kept` };
      }
      while (end > i && s.charCodeAt(end - 1) === SPACE) end--;
      let start = end;
      while (start > i && s.charCodeAt(start - 1) !== SPACE) start--;
      if (end > start && (start > i || s.charCodeAt(i - 1) === SPACE) && s.charCodeAt(end - 1) !== QUOTE) {
        latency = latencyMs(s, start, end, unit);
        if (latency > MAX_LATENCY_MS) return `request time ${quote(s, start, end)} is out of range (at most 31 days)`;
      }
    }

    sink.push(ts, ip, method, path, path === null ? null : templateRoute(path), status, bytes, latency, referrer, ua);
    return warning ?? true;
  }

  return { format, table: 'requests', blankIsReject: true, sink, parse };
}
