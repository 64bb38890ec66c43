/**
 * JSON lines (Fluent Bit, app loggers, nginx `escape=json` formats) → requests.
 *
 * Each line must be a JSON object with a timestamp under ts / time / timestamp / @timestamp (epoch
 * s / ms / µs / ns chosen by magnitude, numeric strings alike, or an ISO 8601 string; naive times
 * are UTC). Request fields are looked up by common names at the top level, then one level down
 * (`{"http":{"method":…}}`). A line with a timestamp but no request fields still becomes a row, so
 * event counts over time stay right; absent fields are: ip '', method/path/route/referrer/user
 * agent null, status 0 (Int32 has no null), bytes and latency NaN. A field that is present but
 * unusable (e.g. status "ok") is treated as absent, not as a reject: app logs reuse these names.
 *
 * Blank lines are skipped (counted in `lines`, not rejected): JSON lines writers often end a file
 * with an extra newline.
 */
import { parseClfTime } from './access';
import type { RequestBuilder } from './batch';
import type { LineParser } from './parser';
import { templateRoute } from './route';
import { epochToMs, parseIsoTime } from './time';

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

function num(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return NaN;
}

/** ms since epoch, or a reject reason. */
export function jsonTime(v: unknown): number | string {
  if (typeof v === 'number') {
    const t = epochToMs(v);
    return t === t ? t : `bad timestamp ${JSON.stringify(v)}`;
  }
  if (typeof v === 'string') {
    const s = v.trim();
    let t = /^-?\d+(\.\d+)?$/.test(s) ? epochToMs(Number(s)) : parseIsoTime(s);
    // nginx $time_local written into a JSON format: 27/Mar/2024:13:06:56 +0000
    if (t !== t && s.length >= 26 && s.charCodeAt(2) === 47) t = parseClfTime(`[${s}]`, 0, s.length + 1);
    return t === t ? t : `bad timestamp ${JSON.stringify(v.slice(0, 40))}`;
  }
  return `bad timestamp ${JSON.stringify(v)}`;
}

export function createJsonlParser(sink: RequestBuilder): LineParser {
  function parse(line: string): true | string {
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      // engines word JSON.parse errors differently; keep reasons stable across them
      const t = line.trim();
      if (t.charCodeAt(0) !== 123) return 'not a JSON object: line does not start with "{"';
      if (t.charCodeAt(t.length - 1) !== 125) return 'not valid JSON: truncated (no closing "}")';
      return 'not valid JSON';
    }
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return 'not a JSON object';
    const obj = o as Obj;
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
    const status = num(lookup(obj, STATUS_KEYS));
    let latency = NaN;
    for (const [k, f] of LATENCY_KEYS) {
      const v = num(lookup(obj, [k]));
      if (v === v) {
        latency = f === 1 ? v : Math.round(v * 1e6) / 1000;
        break;
      }
    }
    sink.push(
      ts,
      text(lookup(obj, IP_KEYS)) ?? '',
      method,
      path,
      path === null ? null : templateRoute(path),
      Number.isInteger(status) && status >= 0 && status < 1000 ? status : 0,
      num(lookup(obj, BYTES_KEYS)),
      latency,
      text(lookup(obj, REFERRER_KEYS)),
      text(lookup(obj, UA_KEYS)),
    );
    return true;
  }

  return { format: 'jsonl', table: 'requests', blankIsReject: false, sink, parse };
}
