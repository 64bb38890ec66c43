/**
 * JSON lines (Fluent Bit, app loggers, nginx `escape=json` formats) → requests.
 *
 * Each line must be a JSON object with a timestamp under ts / time / timestamp / @timestamp (epoch
 * s / ms / µs / ns chosen by magnitude, numeric strings alike, or an ISO 8601 string; naive times
 * are UTC). Request fields are looked up by common names at the top level, then one level down
 * (`{"http":{"method":…}}`). A line with a timestamp but no request fields still becomes a row, so
 * event counts over time stay right; absent fields are: ip '', method/path/route/referrer/user
 * agent null, status 0 (Int32 has no null), bytes and latency NaN. A field that is present but
 * not a number (e.g. status "ok") is treated as absent, not as a reject: app logs reuse these
 * names. A number the tables cannot take rejects the line with the reason: a status other than 0
 * or 100–599, bytes that are not a whole number from 0 to 2^53 − 1, a latency below 0 or over 31
 * days, a time outside the years 1900–9999.
 *
 * Text after the object (`{…}{…}` glued records, `{…} junk`) keeps the object with a warning that
 * quotes the text.
 *
 * Blank lines are skipped (counted in `lines`, not rejected): JSON lines writers often end a file
 * with an extra newline.
 */
import { parseClfTime } from './clf';
import type { RequestBuilder } from './batch';
import { MAX_BYTES, MAX_LATENCY_MS, MAX_STATUS, MIN_STATUS } from './limits';
import type { LineParser, ParseWarning } from './parser';
import { templateRoute } from './route';
import { epochToMs, inTimeRange, parseIsoTime, timeOutOfRange } from './time';

type Obj = Record<string, unknown>;

const TIME_KEYS = ['ts', 'time', 'timestamp', '@timestamp'];
const IP_KEYS = ['ip', 'remote_addr', 'client_ip', 'clientip', 'remote_ip', 'src_ip'];
const METHOD_KEYS = ['method', 'request_method', 'http_method'];
const PATH_KEYS = ['path', 'uri', 'url', 'request_uri', 'request'];
const STATUS_KEYS = ['status', 'status_code', 'statusCode', 'response_code'];
const BYTES_KEYS = ['bytes', 'body_bytes_sent', 'bytes_sent', 'size', 'response_size'];
const REFERRER_KEYS = ['referrer', 'referer', 'http_referer', 'http_referrer'];
const UA_KEYS = ['user_agent', 'ua', 'http_user_agent', 'userAgent', 'agent'];
/** [key, factor to milliseconds] */
const LATENCY_KEYS: [string, number][] = [
  ['latency_ms', 1],
  ['duration_ms', 1],
  ['response_time', 1],
  ['request_time', 1000],
];

function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** First scalar under one of `keys` at the top level, else one level down. */
function lookup(o: Obj, keys: readonly string[]): unknown {
  for (const k of keys) if (isScalar(o[k])) return o[k];
  for (const k in o) {
    const v = o[k];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const key of keys) {
        const inner = (v as Obj)[key];
        if (isScalar(inner)) return inner;
      }
    }
  }
  return undefined;
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v === '' || v === '-' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** A number, or a numeric string, as a number (±Infinity included, for the range checks); NaN for anything else. */
function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return NaN;
}

/** `v` for a reject reason: JSON text, shortened. */
function shown(v: unknown): string {
  const t = JSON.stringify(v) ?? String(v);
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/**
 * End (exclusive) of the JSON object that starts the line, found by matching braces outside
 * strings; -1 when the line does not start with a complete object. Only used once JSON.parse has
 * failed, so it need not be fast.
 */
function objectEnd(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) <= 32) i++;
  if (line.charCodeAt(i) !== 123) return -1;
  let depth = 0;
  let inString = false;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      depth++;
    } else if (c === 125 || c === 93) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/** ms since epoch, or a reject reason. */
export function jsonTime(v: unknown): number | string {
  if (typeof v === 'number') {
    const t = epochToMs(v);
    if (t !== t) return `bad timestamp ${shown(v)}`;
    return inTimeRange(t) ? t : timeOutOfRange(shown(v));
  }
  if (typeof v === 'string') {
    const s = v.trim();
    let t = /^-?\d+(\.\d+)?$/.test(s) ? epochToMs(Number(s)) : parseIsoTime(s);
    // nginx $time_local written into a JSON format: 27/Mar/2024:13:06:56 +0000
    if (t !== t && s.length >= 26 && s.charCodeAt(2) === 47) t = parseClfTime(`[${s}]`, 0, s.length + 1);
    if (t !== t) return `bad timestamp ${shown(v)}`;
    return inTimeRange(t) ? t : timeOutOfRange(shown(v));
  }
  return `bad timestamp ${shown(v)}`;
}

/** Parses the line as one JSON object; text after a complete object becomes a warning. */
function parseObject(line: string): { obj: Obj; warning: ParseWarning | null } | string {
  let o: unknown;
  let warning: ParseWarning | null = null;
  try {
    o = JSON.parse(line);
  } catch {
    const end = objectEnd(line);
    const rest = end < 0 ? '' : line.slice(end).trim();
    try {
      if (rest === '') throw new Error('no object before trailing text');
      o = JSON.parse(line.slice(0, end));
    } catch {
      // engines word JSON.parse errors differently; keep reasons stable across them
      const t = line.trim();
      if (t.charCodeAt(0) !== 123) return 'not a JSON object: line does not start with "{"';
      if (t.charCodeAt(t.length - 1) !== 125) return 'not valid JSON: truncated (no closing "}")';
      return 'not valid JSON';
    }
    const what = rest.charCodeAt(0) === 123 ? 'a second JSON object seems glued on' : 'text after the JSON object';
    warning = { warning: `${what}: "${rest.length > 60 ? `${rest.slice(0, 60)}…` : rest}"; only the first object was kept` };
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return 'not a JSON object';
  return { obj: o as Obj, warning };
}

export function createJsonlParser(sink: RequestBuilder): LineParser {
  function parse(line: string): true | string | ParseWarning {
    const parsed = parseObject(line);
    if (typeof parsed === 'string') return parsed;
    const { obj, warning } = parsed;
    let tv: unknown;
    for (const k of TIME_KEYS) {
      if (obj[k] !== undefined && obj[k] !== null) {
        tv = obj[k];
        break;
      }
    }
    if (tv === undefined) return 'no timestamp field (ts, time, timestamp or @timestamp)';
    const ts = jsonTime(tv);
    if (typeof ts === 'string') return ts;

    let method = text(lookup(obj, METHOD_KEYS));
    let path = text(lookup(obj, PATH_KEYS));
    // `request` may hold a whole request line: "GET /x HTTP/1.1"
    if (path !== null && path.charCodeAt(0) !== 47 && path.includes(' ')) {
      const parts = path.split(' ');
      if (parts.length >= 2 && /^[A-Z][A-Z_-]*$/.test(parts[0])) {
        method ??= parts[0];
        path = parts[1];
      }
    }
    let status = num(lookup(obj, STATUS_KEYS));
    if (status !== status) status = 0;
    else if (!(Number.isInteger(status) && (status === 0 || (status >= MIN_STATUS && status <= MAX_STATUS)))) {
      return `status ${shown(status)} is out of range (${MIN_STATUS}–${MAX_STATUS}, or 0 for none)`;
    }
    const bytes = num(lookup(obj, BYTES_KEYS));
    if (bytes === bytes && !(Number.isInteger(bytes) && bytes >= 0 && bytes <= MAX_BYTES)) {
      return `bytes ${shown(bytes)} is out of range (a whole number from 0 to 2^53 − 1)`;
    }
    let latency = NaN;
    for (const [k, f] of LATENCY_KEYS) {
      const v = num(lookup(obj, [k]));
      if (v === v) {
        latency = f === 1 ? v : Math.round(v * 1e6) / 1000;
        if (!(latency >= 0 && latency <= MAX_LATENCY_MS)) return `${k} ${shown(v)} is out of range (0 to 31 days)`;
        break;
      }
    }
    sink.push(
      ts,
      text(lookup(obj, IP_KEYS)) ?? '',
      method,
      path,
      path === null ? null : templateRoute(path),
      status,
      bytes,
      latency,
      text(lookup(obj, REFERRER_KEYS)),
      text(lookup(obj, UA_KEYS)),
    );
    return warning ?? true;
  }

  return { format: 'jsonl', table: 'requests', blankIsReject: false, sink, parse };
}
