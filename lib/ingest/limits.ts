/**
 * Every cap and value range the ingester enforces, in one place (docs/formats.md, "Limits",
 * explains them to users). A line that breaks a value range is rejected with the reason; a
 * file that breaks a cap stops with a message naming the file.
 */

/** Caps that can be lowered per call (tests use small ones); the defaults are DEFAULT_LIMITS. */
export interface IngestLimits {
  /**
   * Longest line kept, in characters (UTF-16 code units) after decoding. A longer line is
   * rejected with its number and length; the reader skips to the next line break without
   * holding the line. Default 1,048,576 (1 Mi characters).
   */
  maxLineChars: number;
  /** Decompressed bytes a .gz may produce before the read stops. Default 16 GiB. */
  gzipMaxOutputBytes: number;
  /** Largest decompressed / compressed ratio tolerated once `gzipRatioAfterBytes` are out. Default 250. */
  gzipMaxRatio: number;
  /** Output size from which the ratio is checked (small files may compress better). Default 32 MiB. */
  gzipRatioAfterBytes: number;
}

/**
 * Why these numbers:
 * - 1 Mi characters per line: real log lines are well under 64 KiB (nginx truncates its variables,
 *   syslog lines are 1–8 KiB; JSON lines with a stack trace reach tens of KiB). A line past 1 Mi
 *   characters is damage (a missing newline, binary data) and holding it costs memory for nothing.
 * - gzip ratio 250: measured here, gzip -9 reaches 10:1 on nginx logs, 38:1 on a log of nothing
 *   but health checks (timestamps still change) and 300:1 only on one line repeated verbatim; a
 *   gzip bomb runs at ≈ 1,030:1 (deflate's maximum), so it is stopped after 32 MiB of output.
 * - 16 GiB of output: ≈ 80 M log lines, more than the CLI is measured on; a bomb built to stay
 *   under the ratio still stops there.
 */
export const DEFAULT_LIMITS: Readonly<IngestLimits> = Object.freeze({
  maxLineChars: 1_048_576,
  gzipMaxOutputBytes: 16 * 2 ** 30,
  gzipMaxRatio: 250,
  gzipRatioAfterBytes: 32 * 2 ** 20,
});

/**
 * Rows one upload may add to a browser tab (all files of the upload together). duckdb-wasm keeps
 * every table in the tab's memory (wasm32: 4 GiB at most, shared with features, scores and SQL
 * results). Measured with the same wasm build under Node: nginx request rows take 257 MiB per
 * million, so 5 M rows hold 1.25 GiB, and load in ≈ 17 s at the browser's measured 0.29 M lines/s.
 * Bigger logs belong to the CLI, `harbinger parse`, which has no row cap.
 */
export const TAB_MAX_ROWS = 5_000_000;

/**
 * Bytes one upload's files may hold together in a tab, checked before a byte is read. A file past
 * it would stop at TAB_MAX_ROWS anyway (an access log line is ≈ 200–250 bytes, so 1.5 GiB is
 * ≈ 6–8 M lines), but only after parsing millions of lines for nothing; refusing up front says so at once.
 */
export const TAB_MAX_UPLOAD_BYTES = 1.5 * 2 ** 30;

/**
 * Why an upload is too big for a tab (with the command that reads it), or null when it may load.
 * The command names the first file; the CLI takes several.
 */
export function tabUploadRefusal(files: readonly { name: string; size: number }[]): string | null {
  const total = files.reduce((a, f) => a + f.size, 0);
  if (total <= TAB_MAX_UPLOAD_BYTES || files.length === 0) return null;
  const what = files.length === 1 ? `${files[0].name} is ${fmtBytes(total)}` : `These ${files.length} files are ${fmtBytes(total)} together`;
  return (
    `${what}, more than the ${fmtBytes(TAB_MAX_UPLOAD_BYTES)} a browser tab reads: its DuckDB keeps every row in the tab's memory ` +
    `(at most 4 GiB, shared with features and models), so a log this big is not loaded here. ` +
    `Read it with the command line, which has no such cap: npx harbinger parse --threads 2 ${files.map((f) => quoteArg(f.name)).join(' ')}`
  );
}

/** A file name as one shell word (a name with spaces or quotes still pastes as one argument). */
function quoteArg(name: string): string {
  return /^[\w@%+=:,./-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}

/**
 * Times a row may carry: 1900-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (epoch ms). Four-digit
 * years are what ISO text, JS Date and DuckDB TIMESTAMP all hold; earlier or later times in a log
 * are damage (a reset clock gives 1970, which is inside).
 */
export const MIN_TIME_MS = -2_208_988_800_000;
export const MAX_TIME_MS = 253_402_300_799_999;

/** HTTP status codes kept (RFC 9110 defines 1xx–5xx); JSON lines may also say 0 for "no response". */
export const MIN_STATUS = 100;
export const MAX_STATUS = 599;

/** Response sizes up to 2^53 − 1 bytes: the largest whole number a double (and so the BIGINT column) holds exactly. */
export const MAX_BYTES = Number.MAX_SAFE_INTEGER;

/** Request times up to 31 days: long-polling and websocket requests last hours; anything longer is damage. */
export const MAX_LATENCY_MS = 31 * 86_400_000;

/** Process ids and ports must fit their INTEGER columns; ports are 16-bit. */
export const MAX_PID = 2_147_483_647;
export const MAX_PORT = 65_535;

/** Validates caps passed by a caller; anything not given keeps its default. */
export function resolveLimits(given: Partial<IngestLimits> | undefined): IngestLimits {
  const out = { ...DEFAULT_LIMITS, ...given };
  for (const [k, v] of Object.entries(out)) {
    if (!(typeof v === 'number' && v > 0 && (Number.isInteger(v) || v === Infinity))) throw new Error(`invalid ingest limit ${k}: ${String(v)}`);
  }
  return out;
}

/** `12,345,678` — limits are quoted in messages, where a bare 1048576 is hard to read. */
export function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A byte count for messages: 16 GiB, 32 MiB, 512 B. */
export function fmtBytes(n: number): string {
  for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  }
  return `${n} B`;
}
