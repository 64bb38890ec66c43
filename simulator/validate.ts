/**
 * Boundary check of a scenario: every field in range, named with its path and value when not.
 * The spec's zod schema guards the shape; this guards what the generator relies on (text that
 * stays one valid log line, routes that template back to themselves, targets that exist).
 */
import { templateRoute } from '../lib/ingest/route';
import { FAILURES } from './failures';
import { spanOf } from './clock';
import { planIncidents, routeMatches } from './plan';
import { FAILURE_KINDS, type Scenario } from './scenario';

function fail(path: string, v: unknown, why: string): never {
  throw new Error(`invalid scenario ${path}: ${why} (got ${JSON.stringify(v)})`);
}

function num(path: string, v: unknown, min: number, max: number, int = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, v, 'expected a number');
  if (int && !Number.isInteger(v)) fail(path, v, 'expected an integer');
  if (v < min || v > max) fail(path, v, `expected ${min} to ${max}`);
  return v;
}

function bool(path: string, v: unknown): void {
  if (typeof v !== 'boolean') fail(path, v, 'expected true or false');
}

/** Text written inside a log field: no spaces (in tokens), quotes, backslashes or control characters. */
function text(path: string, v: unknown, re: RegExp, what: string): string {
  if (typeof v !== 'string' || !re.test(v) || !printableAscii(v)) fail(path, v, `expected ${what}, in printable ASCII`);
  return v;
}

/** The text sink writes strings byte per char, and nginx escapes anything else anyway. */
function printableAscii(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}

const TOKEN = /^[A-Za-z0-9._:-]{1,64}$/;
const PATH = /^\/[^\s"\\#]{0,300}$/;
const QUERY = /^[^\s"\\#?]{1,300}$/;
const UA = /^[^"\\]{1,500}$/;
const USER = /^[a-z_][a-z0-9_.-]{0,31}$/;

/** A plain object with only the given keys (a typo in hand-written JSON is an error, not a silent default). */
function obj<T>(path: string, v: unknown, keys: readonly string[]): T {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, v, 'expected an object');
  const extra = Object.keys(v).filter((k) => !keys.includes(k));
  if (extra.length > 0) fail(path, extra, `unknown field${extra.length > 1 ? 's' : ''}; expected only ${keys.join(', ')}`);
  return v as T;
}

const SCENARIO_KEYS = ['start', 'days', 'seed', 'utcOffsetMin', 'outputs', 'domain', 'hosts', 'endpoints', 'traffic', 'clients', 'background', 'auth', 'metrics', 'incidents'];
const ENDPOINT_KEYS = ['method', 'route', 'weight', 'latencyMs', 'latencySigma', 'bytes', 'bytesSigma', 'okStatus', 'errorRate', 'notFoundRate', 'ids', 'queries', 'crawl'];
const PLACEMENT_KEYS = ['kind', 'start', 'durationMin', 'precursorMin', 'target', 'severity'];

function list<T>(path: string, v: unknown, min: number, max: number): T[] {
  if (!Array.isArray(v)) fail(path, v, 'expected an array');
  if (v.length < min || v.length > max) fail(path, v.length, `expected ${min} to ${max} entries`);
  return v as T[];
}

/** Throws an Error naming the first field out of range (path and value); accepts any value, as a link may carry anything. */
export function checkScenario(s: Scenario): void {
  obj('(root)', s, SCENARIO_KEYS);
  obj('outputs', s.outputs, ['access', 'auth', 'metrics']);
  obj('traffic', s.traffic, ['rps', 'diurnal', 'peakHour', 'weekly', 'noise']);
  obj('clients', s.clients, ['ips', 'botShare', 'heavyUsers', 'heavyShare']);
  obj('background', s.background, ['batchJob', 'healthCheck', 'scanner']);
  obj('background.batchJob', s.background.batchJob, ['enabled', 'atMin', 'durationMin', 'route', 'slowdown', 'host']);
  obj('background.healthCheck', s.background.healthCheck, ['enabled', 'intervalS', 'ip', 'path', 'userAgent']);
  obj('background.scanner', s.background.scanner, ['enabled', 'visitsPerDay', 'probesPerVisit', 'paths']);
  obj('auth', s.auth, ['host', 'users', 'adminIps', 'loginsPerDay', 'typoRate', 'strayPerDay', 'cron']);
  obj('metrics', s.metrics, ['intervalS', 'cpuBase', 'cpuLoad', 'ramBase', 'diskStart', 'diskPerDay', 'noise']);
  obj('incidents', s.incidents, ['placed', 'rates', 'gapMin']);
  const start = num('start', s.start, 0, 253_402_300_799_000, true);
  if (start % 1000 !== 0) fail('start', start, 'expected whole seconds');
  num('days', s.days, 1 / 24, 366);
  num('seed', s.seed, 0, 0xffff_ffff, true);
  num('utcOffsetMin', s.utcOffsetMin, -720, 840, true);
  bool('outputs.access', s.outputs.access);
  bool('outputs.auth', s.outputs.auth);
  bool('outputs.metrics', s.outputs.metrics);
  text('domain', s.domain, /^[A-Za-z0-9.-]{1,253}$/, 'a host name');
  const hosts = list<string>('hosts', s.hosts, 1, 100);
  hosts.forEach((h, i) => text(`hosts[${i}]`, h, TOKEN, 'a host name of letters, digits, . _ : -'));
  if (new Set(hosts).size !== hosts.length) fail('hosts', hosts, 'expected distinct names');

  const eps = list<Scenario['endpoints'][number]>('endpoints', s.endpoints, 1, 500);
  let total = 0;
  eps.forEach((e, i) => {
    const p = `endpoints[${i}]`;
    obj(p, e, ENDPOINT_KEYS);
    text(`${p}.method`, e.method, /^[A-Z]{1,16}$/, 'an upper-case HTTP method');
    const route = text(`${p}.route`, e.route, PATH, 'a path starting with / without spaces, quotes, ? or #');
    if (route.includes('?')) fail(`${p}.route`, route, 'put query strings in `queries`');
    if (templateRoute(route.replaceAll(':id', '1')) !== route) fail(`${p}.route`, route, 'a literal segment looks like an id (digits, uuid, long hex); use :id');
    total += num(`${p}.weight`, e.weight, 0, 1e9);
    num(`${p}.latencyMs`, e.latencyMs, 0.001, 600_000);
    num(`${p}.latencySigma`, e.latencySigma, 0, 3);
    num(`${p}.bytes`, e.bytes, 0, 1e10);
    num(`${p}.bytesSigma`, e.bytesSigma, 0, 3);
    num(`${p}.okStatus`, e.okStatus, 100, 599, true);
    num(`${p}.errorRate`, e.errorRate, 0, 1);
    num(`${p}.notFoundRate`, e.notFoundRate, 0, 1 - e.errorRate);
    num(`${p}.ids`, e.ids, 1, 1e12, true);
    list<string>(`${p}.queries`, e.queries, 0, 1000).forEach((q, k) => text(`${p}.queries[${k}]`, q, QUERY, 'a query string without spaces, quotes, ? or #'));
    bool(`${p}.crawl`, e.crawl);
  });
  if (!(total > 0)) fail('endpoints', total, 'expected a positive total weight');

  const t = s.traffic;
  num('traffic.rps', t.rps, 0.0001, 100_000);
  num('traffic.diurnal', t.diurnal, 0, 0.99);
  num('traffic.peakHour', t.peakHour, 0, 24);
  num('traffic.weekly', t.weekly, 0, 0.99);
  num('traffic.noise', t.noise, 0, 2);

  const c = s.clients;
  num('clients.ips', c.ips, 1, 1_000_000, true);
  num('clients.botShare', c.botShare, 0, 1);
  num('clients.heavyUsers', c.heavyUsers, 0, 1000, true);
  num('clients.heavyShare', c.heavyShare, 0, 1 - c.botShare);

  const job = s.background.batchJob;
  bool('background.batchJob.enabled', job.enabled);
  num('background.batchJob.atMin', job.atMin, 0, 1439);
  num('background.batchJob.durationMin', job.durationMin, 0, 1440);
  text('background.batchJob.route', job.route, PATH, 'a route prefix starting with /');
  num('background.batchJob.slowdown', job.slowdown, 0, 1000);
  text('background.batchJob.host', job.host, TOKEN, 'a host name');
  if (job.enabled && !hosts.includes(job.host)) fail('background.batchJob.host', job.host, `expected one of hosts (${hosts.join(', ')})`);
  const hc = s.background.healthCheck;
  bool('background.healthCheck.enabled', hc.enabled);
  num('background.healthCheck.intervalS', hc.intervalS, 1, 86_400, true);
  text('background.healthCheck.ip', hc.ip, TOKEN, 'an address');
  text('background.healthCheck.path', hc.path, PATH, 'a path starting with /');
  text('background.healthCheck.userAgent', hc.userAgent, UA, 'a user agent without quotes, backslashes or control characters');
  const sc = s.background.scanner;
  bool('background.scanner.enabled', sc.enabled);
  num('background.scanner.visitsPerDay', sc.visitsPerDay, 0, 100_000);
  num('background.scanner.probesPerVisit', sc.probesPerVisit, 1, 10_000, true);
  list<string>('background.scanner.paths', sc.paths, 0, 1000).forEach((q, k) => text(`background.scanner.paths[${k}]`, q, PATH, 'a path starting with /'));

  const a = s.auth;
  text('auth.host', a.host, TOKEN, 'a host name');
  list<string>('auth.users', a.users, 0, 1000).forEach((u, k) => text(`auth.users[${k}]`, u, USER, 'a Unix user name'));
  num('auth.adminIps', a.adminIps, a.users.length > 0 ? 1 : 0, 1000, true);
  num('auth.loginsPerDay', a.loginsPerDay, 0, 100_000);
  num('auth.typoRate', a.typoRate, 0, 1);
  num('auth.strayPerDay', a.strayPerDay, 0, 1_000_000);
  bool('auth.cron', a.cron);

  const m = s.metrics;
  num('metrics.intervalS', m.intervalS, 1, 86_400, true);
  for (const k of ['cpuBase', 'cpuLoad', 'ramBase', 'diskStart'] as const) num(`metrics.${k}`, m[k], 0, 100);
  num('metrics.diskPerDay', m.diskPerDay, 0, 100);
  num('metrics.noise', m.noise, 0, 50);

  checkIncidents(s);
}

/**
 * Most incidents one scenario may hold, placed ones plus those the rates ask for on average
 * (perDay × days). A dozen make a busy week; the cap keeps a crafted link (45 a day for 90 days)
 * from planning and labelling thousands in the page.
 */
export const MAX_INCIDENTS = 1000;

function checkIncidents(s: Scenario): void {
  const inc = s.incidents;
  const kind = (path: string, k: unknown) => {
    if (!FAILURE_KINDS.includes(k as never)) fail(path, k, `expected one of ${FAILURE_KINDS.join(', ')}`);
    return FAILURES[k as (typeof FAILURE_KINDS)[number]];
  };
  list<Scenario['incidents']['placed'][number]>('incidents.placed', inc.placed, 0, MAX_INCIDENTS).forEach((p, i) => {
    const path = `incidents.placed[${i}]`;
    obj(path, p, PLACEMENT_KEYS);
    const def = kind(`${path}.kind`, p.kind);
    const start = num(`${path}.start`, p.start, 0, 253_402_300_799_000, true);
    if (start % 60_000 !== 0) fail(`${path}.start`, start, 'expected whole minutes');
    num(`${path}.durationMin`, p.durationMin, 1, 7 * 1440);
    if (p.precursorMin !== undefined) num(`${path}.precursorMin`, p.precursorMin, 0, 7 * 1440);
    if (p.severity !== undefined) num(`${path}.severity`, p.severity, def.severityRange[0], def.severityRange[1]);
    if (p.target === undefined) return;
    if (def.target === 'route') {
      const r = text(`${path}.target`, p.target, PATH, 'a route prefix starting with /');
      if (!s.endpoints.some((e) => routeMatches(e.route, r))) fail(`${path}.target`, r, 'expected a prefix of some endpoint route');
    } else if (def.target === 'host') {
      if (!s.hosts.includes(p.target)) fail(`${path}.target`, p.target, `expected one of hosts (${s.hosts.join(', ')})`);
    } else {
      text(`${path}.target`, p.target, TOKEN, 'an IP address');
    }
  });
  list<Scenario['incidents']['rates'][number]>('incidents.rates', inc.rates, 0, 100).forEach((r, i) => {
    obj(`incidents.rates[${i}]`, r, ['kind', 'perDay']);
    kind(`incidents.rates[${i}].kind`, r.kind);
    num(`incidents.rates[${i}].perDay`, r.perDay, 0, 1000);
  });
  num('incidents.gapMin', inc.gapMin, 0, 7 * 1440);

  const { startSec, endSec } = spanOf(s);
  const days = (endSec - startSec) / 86_400;
  const fromRates = inc.rates.reduce((n, r) => n + r.perDay * days, 0);
  if (inc.placed.length + fromRates > MAX_INCIDENTS) {
    fail(
      'incidents',
      { placed: inc.placed.length, fromRates: Math.round(fromRates) },
      `at most ${MAX_INCIDENTS} incidents per scenario (placed + rates × days); lower incidents.rates or shorten the run`,
    );
  }
  // Placing is the last check: overlapping placed incidents and rates that cannot fit are refused
  // here, at the boundary, rather than later inside a render or the engine.
  try {
    planIncidents(s);
  } catch (e) {
    throw new Error(`invalid scenario ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
