/**
 * syslog / OpenSSH auth.log: `Mar  7 13:06:56 host sshd[1291]: message` (BSD syslog, no year) or
 * `2024-03-27T13:06:56.123456+00:00 host sshd[1291]: message` (RFC 3339, rsyslog's default on
 * recent distributions). Lines from every process are kept; sshd messages are classified.
 *
 * BSD timestamps carry no year: the parser starts at `year` and adds one whenever the month goes
 * back by more than one (Dec → Jan). A step back of exactly one month is taken as interleaving of
 * lines written around a month boundary, not a new year. BSD times are read as UTC.
 *
 * A second syslog header inside the message (two records glued on one line) keeps the first
 * record with a warning. A pid or port that does not fit its INTEGER column, or a time outside the
 * years 1900–9999, rejects the line.
 */
import type { AuthBuilder } from './batch';
import { classifyAuth, found } from './auth-message';
import { MAX_PID, MAX_PORT } from './limits';
import type { LineParser, ParseWarning } from './parser';
import { digitsAt, inTimeRange, monthAt, parseIsoTime, timeOutOfRange, utcMs } from './time';

const SPACE = 32;

/** Month (1–12) of a BSD syslog timestamp at the start of the line, or 0 if it has none. */
export function bsdMonth(line: string): number {
  return line.length > 15 && line.charCodeAt(3) === SPACE ? monthAt(line, 0) : 0;
}

/** A BSD or RFC 3339 syslog header (time, host, tag) anywhere in a message: the start of a glued record. */
const GLUED_HEADER =
  /(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d \S+ [^\s:[]+(?:\[\d+\])?: |\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d) \S+ [^\s:[]+(?:\[\d+\])?: /;

export interface AuthParserOptions {
  /** Year of the first BSD timestamp; required only when such timestamps occur. */
  year?: number;
}

export function createAuthParser(sink: AuthBuilder, options: AuthParserOptions = {}): LineParser {
  if (options.year !== undefined && !Number.isInteger(options.year)) throw new Error(`invalid year: ${options.year}`);
  let year = options.year;
  let prevMonth = 0;

  /** ms for `Mon dd HH:MM:SS` at the start of s; sets `bodyStart`. NaN if malformed. */
  let bodyStart = 0;
  function bsdTime(s: string, mo: number): number {
    bodyStart = 0;
    let i: number;
    let d: number;
    if (s.charCodeAt(4) === SPACE) {
      d = digitsAt(s, 5, 1);
      i = 6;
    } else if (s.charCodeAt(5) === SPACE) {
      d = digitsAt(s, 4, 1);
      i = 5;
    } else {
      d = digitsAt(s, 4, 2);
      i = 6;
    }
    if (d < 0 || s.charCodeAt(i) !== SPACE) return NaN;
    const h = digitsAt(s, i + 1, 2);
    const mi = digitsAt(s, i + 4, 2);
    const sec = digitsAt(s, i + 7, 2);
    if (h < 0 || mi < 0 || sec < 0 || s.charCodeAt(i + 3) !== 58 || s.charCodeAt(i + 6) !== 58) return NaN;
    bodyStart = i + 9;
    if (year === undefined) return NaN;
    if (prevMonth !== 0 && mo < prevMonth - 1) year++;
    prevMonth = mo;
    return utcMs(year, mo, d, h, mi, sec, 0);
  }

  function parse(s: string): true | string | ParseWarning {
    let ts: number;
    const mo = bsdMonth(s);
    if (mo !== 0) {
      ts = bsdTime(s, mo);
      if (ts !== ts) {
        if (year === undefined && bodyStart > 0) return 'syslog timestamp has no year and no year option was given';
        return `bad timestamp "${s.slice(0, 15)}"`;
      }
    } else {
      const sp = s.indexOf(' ');
      if (sp < 0 || digitsAt(s, 0, 4) < 0) return 'no syslog timestamp ("Mar  7 13:06:56" or RFC 3339) at start of line';
      ts = parseIsoTime(s, 0, sp);
      if (ts !== ts) return `bad timestamp "${s.slice(0, Math.min(sp, 40))}"`;
      bodyStart = sp;
    }
    if (!inTimeRange(ts)) return timeOutOfRange(`"${s.slice(0, Math.min(bodyStart, 40))}"`);
    if (s.charCodeAt(bodyStart) !== SPACE) return 'missing space after timestamp';
    const hs = bodyStart + 1;
    const he = s.indexOf(' ', hs);
    if (he <= hs) return 'missing host or message after timestamp';
    const host = s.slice(hs, he);

    // tag: `proc[pid]:` or `proc:`; without one (e.g. "last message repeated 3 times") the
    // process is empty and the whole rest is the message
    const ts0 = he + 1;
    let te = s.indexOf(' ', ts0);
    if (te < 0) te = s.length;
    let process = '';
    let pid = NaN;
    let msgStart = ts0;
    if (s.charCodeAt(te - 1) === 58) {
      let pe = te - 1;
      if (s.charCodeAt(pe - 1) === 93) {
        const lb = s.lastIndexOf('[', pe - 1);
        if (lb > ts0) {
          const p = Number(s.slice(lb + 1, pe - 1));
          if (Number.isInteger(p)) {
            if (p < 0 || p > MAX_PID) return `process id ${s.slice(lb + 1, Math.min(pe - 1, lb + 41))} is out of range (0–${MAX_PID})`;
            pid = p;
            pe = lb;
          }
        }
      }
      process = s.slice(ts0, pe);
      msgStart = te + 1;
    }
    let message = msgStart >= s.length ? '' : s.slice(msgStart);
    let warning: ParseWarning | null = null;
    const glued = GLUED_HEADER.exec(message);
    if (glued !== null) {
      const rest = message.slice(glued.index);
      warning = { warning: `a second record seems glued on at character ${msgStart + glued.index + 1}: "${rest.length > 60 ? `${rest.slice(0, 60)}…` : rest}"; only the first was kept` };
      message = message.slice(0, glued.index);
    }
    const kind = classifyAuth(message);
    if (found.port > MAX_PORT) return `port ${found.port} is out of range (0–${MAX_PORT})`;
    sink.push(ts, host, pid, process, kind, found.user, found.ip, found.port, message);
    return warning ?? true;
  }

  return { format: 'auth', table: 'auth_events', blankIsReject: true, sink, parse };
}
