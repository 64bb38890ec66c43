/**
 * Which names mark a secret: parameter, JSON and header names whose value is redacted, and the
 * account names an sshd "invalid user" line may keep. Kept apart from the patterns in redact.ts
 * so the rule can be read (and documented) in one place.
 */

/** Substrings of a name (lower-cased, separators dropped) that make its value secret. */
const SECRET_SUBSTRINGS = [
  'password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'credential', 'auth', 'session', 'sessid',
  'apikey', 'accesskey', 'privatekey', 'signature', 'cookie', 'jwt', 'bearer', 'otp',
] as const;

/** Words of a name (split at separators and camelCase) that make it secret when the word is, or ends in, one of these. */
const SECRET_WORD_ENDINGS = ['key', 'sig', 'pass', 'pw'] as const;

/** Whole names that are secret on their own but too short or too common to match as substrings. */
const SECRET_NAMES = new Set(['sid', 'pin', 'cvv', 'cvc', 'ssn', 'nonce', 'salt', 'hmac']);

/** `code` is an OAuth authorization code in a URL, but an error code in `code=0` of a kernel log. */
const URL_SECRET_NAMES = new Set(['code']);

/**
 * In `name: value` free text, names that also head ordinary syslog prose ("Cannot create session:
 * Already running", "input_userauth_request: invalid user") are not taken as secret labels.
 */
const PROSE_SUBSTRINGS = ['auth', 'session', 'sessid', 'otp'] as const;

/** The words of a name: `X-Amz-Signature` → x, amz, signature; `apiKey` → api, key. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export interface NameContext {
  /** the name is a URL query or fragment parameter (after `?`, `&`, `;` or `#`) */
  inUrl?: boolean;
  /** the name labels free text as `name: value` rather than `name=value` */
  label?: boolean;
}

/**
 * True when a value named `name` should be redacted. The name should already be decoded
 * (percent-encoding, entities); matching is case-insensitive and ignores separators, so
 * `Api-Key`, `api_key`, `APIKEY` and `x-api-key` all match.
 */
export function isSecretName(name: string, ctx: NameContext = {}): boolean {
  // `author` holds `auth` but names a person; authorization/authorisation stay secret
  const flat = name.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/author(?!i[sz])/g, '');
  if (flat === '') return false;
  if (ctx.label) {
    const strong = SECRET_SUBSTRINGS.filter((s) => !(PROSE_SUBSTRINGS as readonly string[]).includes(s));
    return strong.some((s) => flat.includes(s)) || words(name).some((w) => SECRET_WORD_ENDINGS.some((e) => w.endsWith(e)));
  }
  if (SECRET_NAMES.has(flat) || (ctx.inUrl === true && URL_SECRET_NAMES.has(flat))) return true;
  if (SECRET_SUBSTRINGS.some((s) => flat.includes(s))) return true;
  return words(name).some((w) => SECRET_WORD_ENDINGS.some((e) => w.endsWith(e)));
}

/**
 * Account names that exist by default or that brute-force dictionaries try first. A failed login
 * for an *invalid* user keeps its name only when it is one of these: sshd calls a user invalid
 * when no such account exists, which is exactly what happens when someone types a password into
 * the user-name prompt. Any other invalid name (`1234`, `hunter2`, a person's name) is redacted.
 */
export const COMMON_ACCOUNT_NAMES: ReadonlySet<string> = new Set([
  'root', 'admin', 'administrator', 'test', 'test1', 'test2', 'testuser', 'user', 'user1', 'guest', 'default', 'demo',
  'oracle', 'postgres', 'mysql', 'sybase', 'db2inst1', 'redis', 'elastic', 'elasticsearch', 'mongodb', 'hadoop', 'kafka',
  'ubuntu', 'debian', 'centos', 'fedora', 'ec2-user', 'azureuser', 'vagrant', 'pi', 'ubnt', 'cisco',
  'git', 'gitlab', 'jenkins', 'ansible', 'docker', 'deploy', 'deployer', 'dev', 'developer',
  'ftp', 'ftpuser', 'sftp', 'anonymous', 'www', 'www-data', 'webmaster', 'web', 'nginx', 'apache', 'tomcat',
  'nagios', 'zabbix', 'monitor', 'operator', 'support', 'service', 'backup', 'nobody', 'daemon', 'bin', 'sys',
  'mail', 'postfix', 'postmaster', 'info', 'sales', 'minecraft', 'steam', 'teamspeak', 'ts3',
]);
