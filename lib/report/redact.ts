/**
 * Redaction of log text before it goes into a prompt the user may paste elsewhere. Two families
 * of rules: by *name* (the value of anything named like a secret: query and form parameters,
 * JSON fields, headers, command-line flags; see secret-names.ts) and by *shape* (vendor token
 * prefixes, JWTs, PEM blocks, passwords in URLs and `curl -u`, e-mail addresses, long random
 * strings, and sshd user names that are not accounts). Text hidden by percent-encoding, `+`, HTML
 * entities or backslash escapes is decoded and checked again. A false positive costs one value in
 * a prompt; a false negative leaks a secret, so the rules lean towards redacting.
 */
import { COMMON_ACCOUNT_NAMES, isSecretName } from './secret-names';

export const REDACTED = '[redacted]';

/** What `redact` removes, in words a prompt can carry without claiming more. */
export const REDACTION_NOTE =
  'values named like secrets (password, token, key, auth, session, signature… in query strings, JSON, headers, cookies and flags), ' +
  'API tokens of known shapes, JWTs, private-key blocks, passwords in URLs and curl -u, e-mail addresses, long random strings ' +
  `and sshd user names that are not accounts are replaced by ${REDACTED}`;

/** A static file extension after a hash-like name: content-addressed assets, not secrets. */
const ASSET = '\\.(?:m?js|css|map|woff2?|ttf|otf|eot|png|jpe?g|gif|svg|webp|avif|ico|wasm|json|html?)\\b';

const R = REDACTED;
const SCHEMES = 'bearer|basic|digest|token|negotiate|ntlm|aws4-hmac-sha256|apikey|oauth|sso-key|ssws';
/** Characters a parameter name may hold, percent-encoded ones and PHP's `a[b]` included. */
const NAME = '[A-Za-z0-9_.%+\\-\\[\\]]';
/** A value: quoted, or up to a separator; `;`, `#`, `,` and `?` end it only when another `name=` follows (a URL inside a value). */
const VALUE = `"(?:[^"\\\\]|\\\\.)*"?|'(?:[^'\\\\]|\\\\.)*'?|(?:[^\\s"'&<>\\\\;#,?]|[;#,?](?!${NAME}+=))*`;
/** Where a `name: value` pair may start: not after `.`, `:` or `(`, so `auth.example.com:443` and `pam_unix(chpasswd:chauthtok)` stay. */
const LEAD = `(^|[\\s{,;\\[])`;

const decodeName = (name: string) => decodePercent(name.replace(/\+/g, ' '));

/** A value that is already a marker (or a marker after a scheme) is left alone, so redact is idempotent. */
const done = (v: string) => v === R || v === `"${R}"` || v === `'${R}'` || v === '';

/** sudo logs its working directory as `PWD=/home/x`: a path, not a password. */
const isWorkingDir = (name: string, value: string) => (name === 'PWD' || name === 'OLDPWD') && value.startsWith('/');

/** `[A-Za-z0-9+/_-]` runs of 24+ chars: random when they mix letters and digits and change character class often (identifiers and words do not). */
function looksRandom(s: string, minDigits = 2, minChanges = 0.3): boolean {
  const body = s.replace(/=+$/, '');
  if (body.length < 24) return false;
  let digits = 0;
  let letters = 0;
  let changes = 0;
  let prev = '';
  for (const c of body) {
    const k = c >= '0' && c <= '9' ? 'd' : c >= 'a' && c <= 'z' ? 'l' : c >= 'A' && c <= 'Z' ? 'u' : 's';
    if (k === 'd') digits++;
    else if (k === 'l' || k === 'u') letters++;
    if (prev !== '' && k !== 's' && prev !== 's' && k !== prev) changes++;
    if (k !== 's') prev = k;
    else prev = '';
  }
  return digits >= minDigits && letters >= 2 && changes / body.length >= minChanges;
}

interface Ctx {
  /** every secret a rule removed, to scrub leftovers a rule could no longer see (see `redact`) */
  found: Set<string>;
  /** nesting depth of a value scanned again for inner fields */
  depth: number;
}

type Rule = { re: RegExp; to: (ctx: Ctx, m: string, ...groups: string[]) => string };

function conceal(ctx: Ctx, secret: string): string {
  if (secret !== '' && secret !== R) ctx.found.add(secret);
  return R;
}

/** Keeps a value's quotes so the line still reads as JSON or logfmt. */
function hide(ctx: Ctx, value: string): string {
  if (done(value)) return value;
  const q = value[0];
  if (value.startsWith('\\"') && value.endsWith('\\"') && value.length > 3) return `\\"${conceal(ctx, value.slice(2, -2))}\\"`;
  if ((q === '"' || q === "'") && value.length > 1 && value.endsWith(q)) return `${q}${conceal(ctx, value.slice(1, -1))}${q}`;
  return conceal(ctx, value);
}

/**
 * A value that is not secret may hold fields that are (`msg="{\\"password\\":…}"`, `a=b&token=…`
 * inside a quoted value): it is scanned again with the same rule, a few levels deep at most;
 * deeper than that it is redacted whole rather than passed unread.
 */
function inner(ctx: Ctx, rule: Rule, value: string): string {
  if (value.length < 3) return value;
  if (ctx.depth >= 8) return conceal(ctx, value);
  ctx.depth++;
  try {
    return applyRule(ctx, rule, value);
  } finally {
    ctx.depth--;
  }
}

const JSON_FIELD: Rule = {
  re: /(\\?["'])([^"'\\\n]{1,80})\1(\s*[:=]\s*)(\\"(?:(?!\\").)*\\"|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\{[^{}]*\}|\[[^[\]]*\]|[^,}\]\s]+)/g,
  to: (ctx, _m, q, name, sep, value) => `${q}${name}${q}${sep}${isSecretName(decodeName(name)) ? hide(ctx, value) : inner(ctx, JSON_FIELD, value)}`,
};

const NAME_VALUE: Rule = {
  re: new RegExp(`(?<!${NAME})(${NAME}{1,80})(\\s*=\\s*)(?!=)(${VALUE})`, 'g'),
  to: (ctx, _m, name, sep, value, at, all) => {
    const inUrl = '?&;#'.includes(String(all).charAt(Number(at) - 1) || ' ');
    const secret = isSecretName(decodeName(name), { inUrl }) && !isWorkingDir(name, value);
    return `${name}${sep}${secret ? hide(ctx, value) : inner(ctx, NAME_VALUE, value)}`;
  },
};

/** Applied in order; later rules see earlier markers and leave them alone. */
const RULES: Rule[] = [
  // PEM blocks, also truncated ones and ones whose newlines a log escaped
  { re: /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)(?:-----END \1-----|$)/g, to: (ctx, _m, label, body) => `-----BEGIN ${label}-----${conceal(ctx, body)}-----END ${label}-----` },
  // Authorization header: everything after the scheme, to the closing quote or the end of the line
  {
    re: new RegExp(`(^|[\\s{,;(\\["'])((?:proxy-)?authorization["']?\\s*[:=]\\s*["']?)(?![\\s"'])(?!(?:(?:${SCHEMES})\\s+)?\\[redacted\\])((?:${SCHEMES})\\s+)?([^"'\\n]+)`, 'gi'),
    to: (ctx, _m, lead, name, scheme = '', cred) => `${lead}${name}${scheme}${conceal(ctx, cred)}`,
  },
  { re: /(^|[\s{,;(["'[])((?:set-)?cookie["']?\s*:\s*["']?)(?![\s"']|\[redacted\])([^"'\n]+)/gi, to: (ctx, _m, lead, name, value) => `${lead}${name}${conceal(ctx, value)}` },
  // RFC 6750's b64token alphabet, any length
  { re: /\b(bearer)(\s+|%20|\+)(?!\[redacted\])([A-Za-z0-9._~+/-]+=*)/gi, to: (ctx, _m, word, sep, cred) => `${word}${sep}${conceal(ctx, cred)}` },
  { re: /\b(Basic)(\s+)([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])/g, to: (ctx, m, word, sep, cred) => (/[A-Z0-9+/=]/.test(cred) ? `${word}${sep}${conceal(ctx, cred)}` : m) },
  // passwords in URLs (`scheme://user:pw@host`, `user:pw@host`) and curl/wget `-u user:pw`
  {
    re: /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^/?#@\s:]{0,128})(?::([^/?#\s]{0,256}))?@/gi,
    to: (ctx, m, scheme, user, pw) =>
      pw !== undefined ? (pw === R ? m : `${scheme}${user}:${conceal(ctx, pw)}@`) : user.length >= 16 ? `${scheme}${conceal(ctx, user)}@` : m,
  },
  {
    re: /(^|[\s"'(=,<])([A-Za-z0-9._~-]{1,64}):(?!\[redacted\])([^\s@/'"]{1,128})@(?=[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)/g,
    to: (ctx, _m, lead, user, pw) => `${lead}${user}:${conceal(ctx, pw)}@`,
  },
  {
    re: /((?:^|\s)(?:-u|--user|-U|--proxy-user)(?:\s+|=)?)(?:(["'])([^:'"\n]*):(?!\[redacted\])([^'"\n]*)\2|([^\s:'"]*):(?!\[redacted\])([^\s'"]+))/g,
    to: (ctx, _m, head, q, quotedUser, quotedPw, user, pw) => (q ? `${head}${q}${quotedUser}:${conceal(ctx, quotedPw)}${q}` : `${head}${user}:${conceal(ctx, pw)}`),
  },
  // command-line flags: `--password x`, `--api-key=x`, mysql's `-pSECRET`
  {
    re: /((?:^|\s)--?[A-Za-z0-9-]*(?:password|passwd|passphrase|secret|token|api-?key|access-?key|private-?key)[A-Za-z0-9-]*(?:\s+|=))(?!-|\[redacted\])(\S+)/gi,
    to: (ctx, _m, head, value) => `${head}${conceal(ctx, value)}`,
  },
  { re: /(\bmysql(?:dump|admin)?\b[^\n]*?\s-p)(?!\[redacted\])([^\s-]\S*)/g, to: (ctx, _m, head, pw) => `${head}${conceal(ctx, pw)}` },
  // JSON, YAML-ish and Python-repr fields ("name": value, also with escaped quotes inside a JSON string), then name=value
  JSON_FIELD,
  NAME_VALUE,
  // name: value (headers, free text)
  {
    re: new RegExp(`${LEAD}([A-Za-z][A-Za-z0-9_-]{0,63})(:[ \\t]*)(?!\\[redacted\\]|(?:${SCHEMES})\\s+\\[redacted\\])(${VALUE})`, 'gi'),
    to: (ctx, m, lead, name, sep, value) => (value !== '' && isSecretName(name, { label: true }) ? `${lead}${name}${sep}${hide(ctx, value)}` : m),
  },
  // vendor tokens by prefix
  ...[
    /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{12,}\b/g,
    /\b(?:gh[pousr]_[A-Za-z0-9]{6,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{8,})/g,
    /\b(?:xox[abprse]|xapp)-[A-Za-z0-9-]{4,}/g,
    /\b(?:sk-[A-Za-z0-9_-]{12,}|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{6,}|whsec_[A-Za-z0-9]{8,})/g,
    /\b(?:AIza[0-9A-Za-z_-]{30,}|ya29\.[0-9A-Za-z_-]{20,}|GOCSPX-[0-9A-Za-z_-]{10,}|npm_[A-Za-z0-9]{20,}|pypi-[A-Za-z0-9_-]{20,}|hf_[A-Za-z0-9]{20,}|SG\.[\w-]{16,}\.[\w-]{16,})/g,
    /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*){1,3}/g,
  ].map((re): Rule => ({ re, to: (ctx, m) => conceal(ctx, m) })),
  { re: /(hooks\.slack\.com\/(?:services|workflows)\/|discord(?:app)?\.com\/api\/webhooks\/)([^\s"'?#]+)/gi, to: (ctx, _m, host, path) => `${host}${conceal(ctx, path)}` },
  // sshd: a name of no account (often a password typed at the user prompt) unless a common default name
  {
    re: /\b((?:invalid|illegal) user )(.*?)(?= from [\w.:-]+ port \d+| [\w.:-]+ port \d+| from [0-9A-Fa-f.:]+(?:\s|$)| \[preauth\]|$)/gi,
    to: (ctx, m, head, name) => (name === '' || name === R || COMMON_ACCOUNT_NAMES.has(name.toLowerCase()) ? m : `${head}${conceal(ctx, name)}`),
  },
  { re: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,10}[A-Za-z]{2,24}\b/g, to: (ctx, m) => conceal(ctx, m) },
  // long random strings: AWS secret keys (40 chars with / and +), hex of 32+ digits, base64/base64url of 24+
  // (content-hashed file names such as fonts/xjAJXh38I15wypJXxuGMBp0EAVxt0G0biEntp43Qt6E.ttf and key fingerprints are public)
  { re: new RegExp(`(?<![A-Za-z0-9+/%]|%[0-9A-Fa-f])(?!/)[A-Za-z0-9/+]{40}(?![A-Za-z0-9+/=]|${ASSET})`, 'g'), to: (ctx, m) => (looksRandom(m, 1, 0.25) ? conceal(ctx, m) : m) },
  { re: new RegExp(`(?<![A-Za-z0-9%]|%[0-9A-Fa-f])[0-9a-fA-F]{32,}(?![A-Za-z0-9]|${ASSET})`, 'g'), to: (ctx, m) => conceal(ctx, m) },
  {
    re: new RegExp(`(?<![A-Za-z0-9+_%-]|%[0-9A-Fa-f]|(?:SHA256|SHA1|MD5):)[A-Za-z0-9+_-]{24,}={0,2}(?![A-Za-z0-9+_=-]|${ASSET})`, 'g'),
    to: (ctx, m) => (!/^[0-9a-fA-F]+$/.test(m) && looksRandom(m) ? conceal(ctx, m) : m),
  },
];

function applyRule(ctx: Ctx, rule: Rule, text: string): string {
  // a fresh RegExp per call: `inner` re-enters a rule while its global regex is mid-scan
  return text.replace(new RegExp(rule.re), (...args: unknown[]) => {
    const groups = args.slice(0, -2).map((g) => (g === undefined ? undefined : String(g))) as string[];
    const [m, ...rest] = groups;
    return rule.to(ctx, m, ...rest, String(args.at(-2)), String(args.at(-1)));
  });
}

function applyRules(text: string, found: Set<string>): string {
  const ctx: Ctx = { found, depth: 0 };
  let out = text;
  for (const rule of RULES) out = applyRule(ctx, rule, out);
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', sol: '/', colon: ':', equals: '=', quest: '?', num: '#', percnt: '%', commat: '@', plus: '+' };

function decodePercent(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      // not UTF-8: take each byte as Latin-1 rather than keep the run hidden
      return run.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    }
  });
}

/** One round of every decoding a log or URL may apply; repeated so double encodings come out too. */
function decodeOnce(s: string, plus: boolean): string {
  const code = (n: number) => (n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '');
  return decodePercent(plus ? s.replace(/\+/g, ' ') : s)
    .replace(/&#x([0-9a-f]{1,6});?/gi, (_m, h: string) => code(parseInt(h, 16)))
    .replace(/&#(\d{1,7});?/g, (_m, d: string) => code(Number(d)))
    .replace(/&([a-z]+);/gi, (m, n: string) => ENTITIES[n.toLowerCase()] ?? m)
    .replace(/\\x([0-9a-f]{2})/gi, (_m, h: string) => code(parseInt(h, 16)))
    .replace(/\\u([0-9a-f]{4})/gi, (_m, h: string) => code(parseInt(h, 16)));
}

/** Every encoding undone (percent, `+`, HTML entities, `\\xHH`, `\\uHHHH`), up to four layers deep; `\\"` stays, as the JSON rule reads it. */
export function decodeAll(s: string): string {
  let out = s;
  for (let i = 0; i < 4; i++) {
    // `+` means a space only in the outer layer: a `%2B` decoded below it is a real plus
    const next = decodeOnce(out, i === 0);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Alphanumeric runs of 8+ chars mixing letters and digits: the parts of a secret that identify it. */
function pieces(secret: string): string[] {
  return (secret.match(/[A-Za-z0-9]{8,}/g) ?? []).filter((p) => /[0-9]/.test(p) && /[A-Za-z]/.test(p));
}

/** Replaces what is left of any found secret: whole, or its identifying pieces standing alone. */
function scrub(text: string, found: ReadonlySet<string>): string {
  let out = text;
  for (const s of [...found].sort((a, b) => b.length - a.length)) {
    if (s.length >= 4) out = out.replaceAll(s, R);
    for (const p of pieces(s)) out = out.replace(new RegExp(`(?<![A-Za-z0-9])${p}(?![A-Za-z0-9])`, 'g'), R);
  }
  return out;
}

/**
 * The text with secrets replaced by `[redacted]` (see REDACTION_NOTE). When the text decodes
 * (percent-encoding, `+`, entities, escapes) to something holding a secret, the decoded text is
 * returned, redacted, so an encoded secret survives in neither form; otherwise the text keeps
 * its encoding. Idempotent.
 */
export function redact(text: string): string {
  const found = new Set<string>();
  const plain = applyRules(text, found);
  const decoded = decodeAll(text);
  if (decoded === text || applyRules(decoded, found) === decoded) return plain;
  // the decoded text holds a secret: is any of it still in what the plain pass left? (an earlier
  // rule may have broken a later one's shape, so leftovers of found secrets count too)
  const rest = decodeAll(plain);
  const out = scrub(applyRules(rest, found), found);
  return out === rest ? plain : out;
}
