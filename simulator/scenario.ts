/**
 * The scenario: everything the simulator needs to write the same logs again, as plain JSON data
 * (numbers, strings, booleans, arrays) so it can live in the experiment spec. One zod schema holds
 * each field's range and the types are inferred from it; the checks that span fields (hosts named
 * by the nightly job, incidents that fit) are added in validate.ts, which names any bad value.
 * Defaults quoted in the JSDoc are those of `defaultScenario()` (presets.ts). Times are epoch ms
 * UTC at the boundary, whole seconds inside.
 */
import { z } from 'zod';
import { LAST_MS, PATH, QUERY, TOKEN, UA, USER, bool, int, list, num, obj, text } from './fields';

export const FAILURE_KINDS = [
  'latency-ramp',
  'error-burst',
  'traffic-spike',
  'slow-endpoint',
  'dependency-outage',
  'ssh-brute-force',
  'memory-leak',
  'cpu-spike',
  'disk-filling',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

const hostName = () => text(TOKEN, 'a host name');
const routePrefix = () => text(PATH, 'a route prefix starting with /');

/** One (method, route) the site serves. */
const endpointSchema = obj({
  /** HTTP method, upper case; default GET */
  method: text(/^[A-Z]{1,16}$/, 'an upper-case HTTP method'),
  /** route template starting with `/`; each `:id` segment becomes a number in 1..ids, e.g. `/api/users/:id` */
  route: text(PATH, 'a path starting with / without spaces, quotes, ? or #'),
  /** relative share of visitors' requests (≥ 0); default 1 */
  weight: num(0, 1e9),
  /** median request time, ms; default 40 */
  latencyMs: num(0.001, 600_000),
  /** log-normal sigma of the request time (dimensionless); default 0.5 */
  latencySigma: num(0, 3),
  /** median response body, bytes; default 2000 */
  bytes: num(0, 1e10),
  /** log-normal sigma of the body size; default 0.3 */
  bytesSigma: num(0, 3),
  /** status of a successful answer; default 200 */
  okStatus: int(100, 599),
  /** share answered 5xx outside incidents, 0–1; default 0.001 */
  errorRate: num(0, 1),
  /** share answered 404 (stale links, typos), 0–(1 − errorRate); default 0.002 */
  notFoundRate: num(0, 1),
  /** largest id drawn for `:id` segments (log-uniform, so small ids are popular); default 10000 */
  ids: int(1, 1e12),
  /** query strings, one appended at random per request (`q=shoes`); [] for none; default [] */
  queries: list(text(QUERY, 'a query string without spaces, quotes, ? or #'), 0, 1000),
  /** whether crawlers fetch it; default false */
  crawl: bool(),
});
export type EndpointSpec = z.infer<typeof endpointSchema>;

/** Visitors' request rate over time (crawlers included; health checks, scanners and attacks come on top). */
const trafficSchema = obj({
  /** mean requests per second over a week; default 2.5 (≈ 1.5 M requests in 7 days) */
  rps: num(0.0001, 100_000),
  /** daily swing 0–1: the rate runs from mean×(1−a) at night to mean×(1+a) at the peak; default 0.6 */
  diurnal: num(0, 0.99),
  /** local hour (0–24) of the daily peak; default 15 */
  peakHour: num(0, 24),
  /** weekend dip 0–1: Saturday and Sunday run at (1−w) × a weekday's rate; default 0.3 */
  weekly: num(0, 0.99),
  /** minute-to-minute multiplicative noise, log-normal sigma (AR(1), ≈ 30 min memory); default 0.1 */
  noise: num(0, 2),
});
export type TrafficSpec = z.infer<typeof trafficSchema>;

const clientSchema = obj({
  /** distinct visitors' IP addresses; default 4000 */
  ips: int(1, 1_000_000),
  /** share of requests from crawlers (Googlebot, bingbot, …), 0–1; default 0.08 */
  botShare: num(0, 1),
  /** heavy users (an office NAT, an API integration): a few addresses with an outsized share; default 3 */
  heavyUsers: int(0, 1000),
  /** share of requests from the heavy users together, 0–(1 − botShare); default 0.05 */
  heavyShare: num(0, 1),
});
export type ClientSpec = z.infer<typeof clientSchema>;

/** A nightly job that slows one route family for a while: normal, not an incident. */
const batchJobSchema = obj({
  /** default true */
  enabled: bool(),
  /** local start time, minutes after midnight; default 150 (02:30) */
  atMin: num(0, 1439),
  /** minutes; default 20 */
  durationMin: num(0, 1440),
  /** route prefix slowed down, e.g. `/api/products`; default `/api/products` */
  route: routePrefix(),
  /** request time multiplier while it runs; default 3 */
  slowdown: num(0, 1000),
  /** host whose CPU rises while it runs (metrics), one of `hosts`; default `db-1` */
  host: hostName(),
});
export type BatchJobSpec = z.infer<typeof batchJobSchema>;

const healthCheckSchema = obj({
  /** default true */
  enabled: bool(),
  /** seconds between checks; default 30 */
  intervalS: int(1, 86_400),
  /** monitor's address; default 10.0.0.2 */
  ip: text(TOKEN, 'an address'),
  /** default /healthz */
  path: text(PATH, 'a path starting with /'),
  /** default kube-probe/1.29 */
  userAgent: text(UA, 'a user agent without quotes, backslashes or control characters'),
});
export type HealthCheckSpec = z.infer<typeof healthCheckSchema>;

/** Internet background: vulnerability scanners probing paths the site does not have (404s). */
const scannerSchema = obj({
  /** default true */
  enabled: bool(),
  /** scanner visits per day; default 8 */
  visitsPerDay: num(0, 100_000),
  /** probes per visit, about one per second; default 12 */
  probesPerVisit: int(1, 10_000),
  /** paths probed; default /wp-login.php, /.env, /xmlrpc.php, … */
  paths: list(text(PATH, 'a path starting with /'), 0, 1000),
});
export type ScannerSpec = z.infer<typeof scannerSchema>;

const backgroundSchema = obj({
  batchJob: batchJobSchema,
  healthCheck: healthCheckSchema,
  scanner: scannerSchema,
});
export type BackgroundSpec = z.infer<typeof backgroundSchema>;

/** auth.log outside incidents: admins logging in, scanners trying a name or two, cron. */
const authSchema = obj({
  /** host name in auth.log lines; default web-1 */
  host: hostName(),
  /** admin accounts that log in; default alice, bob, deploy */
  users: list(text(USER, 'a Unix user name'), 0, 1000),
  /** addresses the admins log in from (at least 1 when there are users); default 3 */
  adminIps: int(0, 1000),
  /** successful logins per day, all admins together (mostly working hours); default 6 */
  loginsPerDay: num(0, 100_000),
  /** share of logins preceded by a mistyped password, 0–1; default 0.15 */
  typoRate: num(0, 1),
  /** single stray attempts from internet scanners per day (`Invalid user admin`); default 20 */
  strayPerDay: num(0, 1_000_000),
  /** an hourly cron job's pam session lines; default true */
  cron: bool(),
});
export type AuthSpec = z.infer<typeof authSchema>;

/** metrics.csv: one row per host every intervalS. */
const metricsSchema = obj({
  /** seconds between samples; default 60 */
  intervalS: int(1, 86_400),
  /** CPU % of an idle host; default 12 */
  cpuBase: num(0, 100),
  /** CPU % added at the mean request rate (scales with traffic); default 25 */
  cpuLoad: num(0, 100),
  /** RAM % of a freshly started host; default 42 */
  ramBase: num(0, 100),
  /** disk % at the start; default 48 */
  diskStart: num(0, 100),
  /** disk growth, percentage points per day; default 0.4 */
  diskPerDay: num(0, 100),
  /** sample noise, percentage points (sigma); default 1.5 */
  noise: num(0, 50),
});
export type MetricsSpec = z.infer<typeof metricsSchema>;

const failureKind = z.enum(FAILURE_KINDS, { error: `expected one of ${FAILURE_KINDS.join(', ')}` });

/** An incident placed by hand. */
const placementSchema = obj({
  kind: failureKind,
  /** start of the failure phase (the precursor comes before it), epoch ms UTC, whole minutes */
  start: int(0, LAST_MS).refine((v) => v % 60_000 === 0, { error: 'expected whole minutes' }),
  /** failure phase length, minutes */
  durationMin: num(1, 7 * 1440),
  /** precursor length before `start`, minutes; default the kind's (0 for sudden failures) */
  precursorMin: num(0, 7 * 1440).optional(),
  /** what it hits: a route prefix (web kinds), a host (metric kinds) or the first attacking IP (traffic-spike, ssh-brute-force); default drawn from the seed */
  target: z.string({ error: 'expected text' }).optional(),
  /** kind-specific strength (FAILURES[kind].severityRange says what); default the kind's */
  severity: z.number({ error: 'expected a number' }).optional(),
});
export type IncidentPlacement = z.infer<typeof placementSchema>;

/** Incidents placed at random (from the seed), never overlapping each other or placed ones. */
const rateSchema = obj({
  kind: failureKind,
  /** mean incidents per day, e.g. 0.5 */
  perDay: num(0, 1000),
});
export type IncidentRate = z.infer<typeof rateSchema>;

/**
 * Most incidents one scenario may hold, placed ones plus those the rates ask for on average
 * (perDay × days). A dozen make a busy week; the cap keeps a crafted link (45 a day for 90 days)
 * from planning and labelling thousands in the page.
 */
export const MAX_INCIDENTS = 1000;

/** At most MAX_INCIDENTS per scenario, placed + rates × days. */
const incidentsSchema = obj({
  /** default [] */
  placed: list(placementSchema, 0, MAX_INCIDENTS),
  /** default [] */
  rates: list(rateSchema, 0, 100),
  /** minimum quiet time between two incidents, precursors included, minutes; default 120 */
  gapMin: num(0, 7 * 1440),
});
export type IncidentsSpec = z.infer<typeof incidentsSchema>;

const outputsSchema = obj({
  /** access.log (nginx combined + request time); default true */
  access: bool(),
  /** auth.log (OpenSSH, BSD syslog); default true */
  auth: bool(),
  /** metrics.csv (timestamp,host,cpu_pct,ram_pct,disk_pct); default true */
  metrics: bool(),
});
export type OutputsSpec = z.infer<typeof outputsSchema>;

/**
 * Each field's type and range. The checks that need more than one field, or the failure
 * catalogue, are added by `scenarioSchema` in validate.ts: that is the schema to parse with.
 */
export const scenarioShape = obj({
  /** first simulated instant, epoch ms UTC, whole seconds; default 2024-03-04T00:00:00Z (a Monday) */
  start: int(0, LAST_MS).refine((v) => v % 1000 === 0, { error: 'expected whole seconds' }),
  /** length in days (fractions allowed, at least one hour); default 7 */
  days: num(1 / 24, 366),
  /** uint32 seed of every random choice in the simulated data; default 1 */
  seed: int(0, 0xffff_ffff),
  /** local time of the site, minutes east of UTC (60 → access log `+0100`); also places the daily cycle and the nightly job; default 0 */
  utcOffsetMin: int(-720, 840),
  outputs: outputsSchema,
  /** site name used in referrers; default shop.example.com */
  domain: text(/^[A-Za-z0-9.-]{1,253}$/, 'a host name'),
  /** hosts reporting metrics, distinct; default web-1, web-2, db-1 */
  hosts: list(text(TOKEN, 'a host name of letters, digits, . _ : -'), 1, 100),
  /** at least one with a positive weight */
  endpoints: list(endpointSchema, 1, 500),
  traffic: trafficSchema,
  clients: clientSchema,
  background: backgroundSchema,
  auth: authSchema,
  metrics: metricsSchema,
  incidents: incidentsSchema,
});
export type Scenario = z.infer<typeof scenarioShape>;

/** Output files, in the order generate() writes them. */
export const SIM_FILES = ['access.log', 'auth.log', 'metrics.csv'] as const;
export type SimFile = (typeof SIM_FILES)[number];

export { PRESETS, defaultScenario, type Preset, type PresetId } from './presets';
