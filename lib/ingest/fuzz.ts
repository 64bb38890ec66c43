/**
 * fast-check arbitraries for the ingest property tests (test-only: fast-check is a dev
 * dependency). Each format gets a generator of valid records; files mix them with mutated
 * records (cut, spliced, glued, numbers blown up, hostile characters), random text, blank and
 * over-long lines, joined by LF, CRLF or a lone CR.
 */
import fc from 'fast-check';
import type { LogFormat } from './types';

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

const date = fc.date({ min: new Date(Date.UTC(1995, 0, 1)), max: new Date(Date.UTC(2095, 11, 31)), noInvalidDate: true });
const ip = fc.oneof(fc.ipV4(), fc.ipV6());
/** Text safe inside a quoted access-log field: no quote, backslash or line break. */
const quotable = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/["\\\r\n]/g, '_'));
const word = fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/);

function clfTime(d: Date, offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const o = Math.abs(offsetMin);
  const t = `${p2(d.getUTCDate())}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  return `${t} ${sign}${p2(Math.floor(o / 60))}${p2(o % 60)}`;
}

function accessRecord(combined: boolean): fc.Arbitrary<string> {
  return fc
    .record({
      ip,
      user: fc.constantFrom('-', 'frank', 'a b'),
      time: date,
      offset: fc.integer({ min: -720, max: 840 }),
      method: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'PATCH'),
      path: fc.webPath(),
      status: fc.integer({ min: 100, max: 599 }),
      bytes: fc.oneof(fc.constant('-'), fc.nat().map(String)),
      referrer: fc.oneof(fc.constant('-'), fc.webUrl()),
      ua: quotable,
      latency: fc.option(fc.oneof(fc.nat({ max: 99_999 }).map((ms) => (ms / 1000).toFixed(3)), fc.nat({ max: 9_999_999 }).map(String))),
    })
    .map((r) => {
      const head = `${r.ip} - ${r.user} [${clfTime(r.time, r.offset)}] "${r.method} ${r.path || '/'} HTTP/1.1" ${r.status} ${r.bytes}`;
      const quoted = combined ? ` "${r.referrer}" "${r.ua}"` : '';
      return head + quoted + (r.latency === null ? '' : ` ${r.latency}`);
    });
}

const SSHD = [
  (u: string, a: string, p: number) => `Failed password for ${u} from ${a} port ${p} ssh2`,
  (u: string, a: string, p: number) => `Failed password for invalid user ${u} from ${a} port ${p} ssh2`,
  (u: string, a: string, p: number) => `Invalid user ${u} from ${a} port ${p}`,
  (u: string, a: string, p: number) => `Accepted publickey for ${u} from ${a} port ${p} ssh2: RSA SHA256:abc`,
  (_u: string, a: string, p: number) => `Received disconnect from ${a} port ${p}:11: Bye Bye [preauth]`,
  (u: string) => `pam_unix(sshd:session): session opened for user ${u} by (uid=0)`,
];

const authRecord: fc.Arbitrary<string> = fc
  .record({
    time: date,
    iso: fc.boolean(),
    host: word,
    proc: fc.constantFrom('sshd', 'sudo', 'CRON', 'systemd-logind'),
    pid: fc.option(fc.integer({ min: 1, max: 4_194_304 })),
    shape: fc.integer({ min: 0, max: SSHD.length - 1 }),
    user: word,
    addr: ip,
    port: fc.integer({ min: 1, max: 65_535 }),
  })
  .map((r) => {
    const d = r.time;
    const time = r.iso
      ? d.toISOString().replace('Z', '+00:00')
      : `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
    const tag = r.pid === null ? `${r.proc}:` : `${r.proc}[${r.pid}]:`;
    return `${time} ${r.host} ${tag} ${SSHD[r.shape](r.user, r.addr, r.port)}`;
  });

/** Mostly usable values, sometimes anything of the right JSON type (out of range, negative, huge). */
const usually = <T, U>(good: fc.Arbitrary<T>, any: fc.Arbitrary<U>) => fc.oneof({ weight: 5, arbitrary: good }, { weight: 1, arbitrary: any });

const jsonTs = usually(
  fc.oneof(date.map((d) => d.getTime() / 1000), date.map((d) => d.getTime()), date.map((d) => d.toISOString())),
  fc.oneof(fc.double(), fc.constantFrom(1e300, -1e300, 1e20, 'yesterday', null, true, '99999-01-01T00:00:00Z')),
);

const jsonRecord: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc
    .record(
      {
        ts: jsonTs,
        status: usually(fc.integer({ min: 100, max: 599 }), fc.oneof(fc.integer(), fc.constantFrom('ok', '200', 1e300, 0))),
        bytes: usually(fc.nat(), fc.oneof(fc.double(), fc.constantFrom(1e20, -1, '12'))),
        latency_ms: usually(fc.double({ min: 0, max: 10_000, noNaN: true }), fc.double()),
        method: fc.constantFrom('GET', 'POST'),
        path: fc.webPath(),
        http: fc.record({ user_agent: quotable, remote_addr: ip }),
      },
      { requiredKeys: ['ts'] },
    )
    .map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null') },
);

const csvHeader = fc.constantFrom('timestamp,cpu,mem,state', 'time;load;disk', 'ts\tvalue', 'host,timestamp,rps,errors');

const csvCell = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: 0, max: 100 }).map((v) => `${v}%`),
  fc.constantFrom('', 'NaN', 'null', 'ok', 'degraded', '"quoted, text"', '1e400'),
);

/** A data row matching one of csvHeader's layouts (the time column where that header has it). */
function csvRow(header: string): fc.Arbitrary<string> {
  const delim = header.includes(';') ? ';' : header.includes('\t') ? '\t' : ',';
  const cols = header.split(delim);
  const timeAt = cols.findIndex((c) => c === 'timestamp' || c === 'time' || c === 'ts');
  const time = usually(
    fc.oneof(date.map((d) => d.toISOString()), date.map((d) => String(Math.floor(d.getTime() / 1000)))),
    fc.constantFrom('1e300', `1${'0'.repeat(25)}`, '-99999999999999'),
  );
  return fc.tuple(time, fc.array(csvCell, { minLength: cols.length, maxLength: cols.length })).map(([t, cells]) => {
    cells[timeAt] = t;
    return cells.join(delim);
  });
}

/** Characters that break parsers in practice. */
const HOSTILE = ['\0', '"', '\\', '[', ']', '{', '}', ',', ';', '\t', ' ', '\r', '\u2028', '\ufeff', '\ufffd', '\ud800', '😀', '<script>', '=HYPERLINK("x")', '\x1b]52;c;AAAA\x07'];

/** A change to one line: cut, splice a character or text in, delete, blow a number up, glue another record on. */
function mutate(record: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(record, fc.nat()).map(([s, k]) => s.slice(0, k % (s.length + 1))),
    fc.tuple(record, fc.nat(), fc.constantFrom(...HOSTILE)).map(([s, k, c]) => {
      const at = k % (s.length + 1);
      return s.slice(0, at) + c + s.slice(at);
    }),
    fc.tuple(record, fc.nat(), fc.nat({ max: 8 })).map(([s, k, n]) => {
      const at = k % (s.length + 1);
      return s.slice(0, at) + s.slice(at + n);
    }),
    fc.tuple(record, fc.nat(), fc.constantFrom('1' + '0'.repeat(20), '9'.repeat(400), '1e300', '-1', '0.5')).map(([s, k, big]) => {
      const runs = [...s.matchAll(/\d+/g)];
      if (runs.length === 0) return s + big;
      const m = runs[k % runs.length];
      return s.slice(0, m.index) + big + s.slice(m.index + m[0].length);
    }),
    fc.tuple(record, record, fc.constantFrom('', ' ')).map(([a, b, sep]) => a + sep + b),
  );
}

export interface FuzzFile {
  text: string;
  /** random bytes spliced into the encoded text at [position, bytes] */
  junk: [number, Uint8Array][];
}

function recordFor(format: LogFormat): fc.Arbitrary<string> {
  switch (format) {
    case 'combined':
      return accessRecord(true);
    case 'common':
      return accessRecord(false);
    case 'auth':
      return authRecord;
    case 'jsonl':
      return jsonRecord;
    case 'metrics-csv':
      return csvHeader.chain(csvRow);
  }
}

/** Lines of a file; a CSV file's rows follow its own header. */
function fileLines(record: fc.Arbitrary<string>, maxLineChars: number): fc.Arbitrary<[string, string][]> {
  const line = fc.oneof(
    { weight: 6, arbitrary: record },
    { weight: 4, arbitrary: mutate(record) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', '  \t ') },
    { weight: 1, arbitrary: fc.tuple(record, fc.integer({ min: 1, max: 3 * maxLineChars })).map(([r, n]) => 'x'.repeat(n) + r) },
  );
  return fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n', '\r')), { maxLength: 40 });
}

/** A whole file for `format`: mostly records, some mutated, some junk, varied line breaks. */
export function fuzzFile(format: LogFormat, maxLineChars: number): fc.Arbitrary<FuzzFile> {
  const body =
    format === 'metrics-csv'
      ? fc.oneof(
          { weight: 5, arbitrary: csvHeader.chain((h) => fc.tuple(fc.constant([h]), fileLines(csvRow(h), maxLineChars))) },
          { weight: 1, arbitrary: fc.tuple(fc.constant([]), fileLines(recordFor(format), maxLineChars)) },
        )
      : fc.tuple(fc.constant([]), fileLines(recordFor(format), maxLineChars));
  return fc
    .record({
      body,
      finalBreak: fc.boolean(),
      junk: fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 })), { maxLength: 3 }),
    })
    .map(({ body: [head, lines], finalBreak, junk }) => {
      const all: [string, string][] = [...head.map((h): [string, string] => [h, '\n']), ...lines];
      const text = all.map(([l, br], i) => l + (i < all.length - 1 || finalBreak ? br : '')).join('');
      return { text, junk };
    });
}

/** The file's bytes: the text as UTF-8 with the junk bytes spliced in. */
export function fuzzBytes(f: FuzzFile): Uint8Array {
  const bytes = new TextEncoder().encode(f.text);
  if (f.junk.length === 0) return bytes;
  const parts: number[] = Array.from(bytes);
  for (const [at, junk] of f.junk) parts.splice(at % (parts.length + 1), 0, ...junk);
  return Uint8Array.from(parts);
}

/**
 * Lines in the bytes by a deliberately different method (whole-buffer decode, one regex), as
 * the oracle the streaming reader is checked against: LF, CRLF and a lone CR each end a line;
 * nothing follows a final line break.
 */
export function referenceLines(bytes: Uint8Array): string[] {
  let text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
