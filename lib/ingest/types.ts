/**
 * Normalised record shapes produced by every parser and loaded by every engine adapter.
 * Batches are columnar so the browser can hand them to DuckDB as Arrow and the CLI can
 * append them as data chunks without building one object per row.
 */

/** Formats the ingester understands. `auto` asks for detection from the first lines. */
export const LOG_FORMATS = ['combined', 'common', 'auth', 'jsonl', 'metrics-csv'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export type FormatChoice = LogFormat | 'auto';

/** Which normalised table a format fills. */
export type TableName = 'requests' | 'auth_events' | 'metrics';

export const AUTH_KINDS = [
  'failed_password',
  'invalid_user',
  'accepted',
  'disconnect',
  'break_in_attempt',
  'other',
] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

/** requests: one row per HTTP request (access logs, JSON lines with request fields). */
export interface RequestBatch {
  table: 'requests';
  length: number;
  /** 1-based source line of each row when it came from a file (names the line when an insert refuses a value); not a column */
  line?: Float64Array;
  /** Epoch milliseconds, UTC. */
  ts: Float64Array;
  source: string[];
  ip: string[];
  method: (string | null)[];
  path: (string | null)[];
  /** path without query string, numeric / uuid / hex ids replaced by `:id` */
  route: (string | null)[];
  status: Int32Array;
  /** bytes sent; NaN when the log says `-` */
  bytes: Float64Array;
  /** request time in milliseconds; NaN when the log has none */
  latency_ms: Float64Array;
  referrer: (string | null)[];
  user_agent: (string | null)[];
}

/** auth_events: one row per sshd / auth.log line. */
export interface AuthBatch {
  table: 'auth_events';
  length: number;
  /** 1-based source line of each row when it came from a file (names the line when an insert refuses a value); not a column */
  line?: Float64Array;
  ts: Float64Array;
  source: string[];
  host: string[];
  /** process id; NaN when absent */
  pid: Float64Array;
  /** process name, e.g. sshd */
  process: string[];
  kind: AuthKind[];
  user: (string | null)[];
  ip: (string | null)[];
  /** client port; NaN when absent */
  port: Float64Array;
  message: string[];
}

/** metrics: long format, one row per (timestamp, series name) value. */
export interface MetricBatch {
  table: 'metrics';
  length: number;
  /** 1-based source line of each row when it came from a file (names the line when an insert refuses a value); not a column */
  line?: Float64Array;
  ts: Float64Array;
  source: string[];
  name: string[];
  value: Float64Array;
}

export type Batch = RequestBatch | AuthBatch | MetricBatch;

/**
 * A line worth a look, with where and why: a reject (not loaded) or a warning (loaded, but
 * damaged, e.g. a truncated user agent). Never dropped: the parse report lists every one.
 */
export interface LineIssue {
  source: string;
  /** 1-based line number in the (decompressed) file */
  line: number;
  reason: string;
  /** the line text, truncated to REJECT_TEXT_MAX characters */
  text: string;
}

export type Reject = LineIssue;

export const REJECT_TEXT_MAX = 500;

/** Parse settings that travel in the experiment spec (never the data itself). */
export interface ParseOptions {
  format: FormatChoice;
  /** Year for syslog timestamps that carry none; default: the file's modification year. */
  year?: number;
  /** Unit of a trailing request-time field in access logs. `auto`: a decimal point means seconds, an integer means microseconds. */
  latencyUnit?: 'auto' | 's' | 'ms' | 'us';
}

/** Running tally for progress bars and the final report. */
export interface ParseProgress {
  source: string;
  bytesRead: number;
  bytesTotal: number | null;
  lines: number;
  parsed: number;
  rejected: number;
  elapsedMs: number;
}

export interface ParseReport {
  source: string;
  format: LogFormat;
  /** every line of the (decompressed) file: lines = parsed + warned + rejected + skipped */
  lines: number;
  /** lines loaded as they are */
  parsed: number;
  /** lines not loaded, each with a reason (over-long lines included) */
  rejected: number;
  /** lines neither loaded nor rejected: blank lines in JSON lines / CSV and the CSV header */
  skipped: number;
  /** lines loaded with a warning (trailing text, a cut-short user agent, an ignored CSV column); not counted in `parsed` */
  warned: number;
  /** every reject, up to the cap given to the ingester; `rejected` counts them all */
  rejects: Reject[];
  /** every warning, up to the same cap */
  warnings: LineIssue[];
  firstTs: number | null;
  lastTs: number | null;
  elapsedMs: number;
  /** the file's SHA-256 (hex), computed while it was read, when the load asked for it (LoadOptions.hash) */
  sha256?: string;
}
