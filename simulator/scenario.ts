/**
 * The scenario: everything the simulator needs to write the same logs again, as plain JSON data
 * (numbers, strings, booleans, arrays) so it can live in the experiment spec. Defaults quoted in
 * the JSDoc are those of `defaultScenario()` (presets.ts); checkScenario (validate.ts) names
 * any value out of range. Times are epoch ms UTC at the boundary, whole seconds inside.
 */

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

/** One (method, route) the site serves. */
export interface EndpointSpec {
  /** HTTP method, upper case; default GET */
  method: string;
  /** route template starting with `/`; each `:id` segment becomes a number in 1..ids, e.g. `/api/users/:id` */
  route: string;
  /** relative share of visitors' requests (≥ 0); default 1 */
  weight: number;
  /** median request time, ms; default 40 */
  latencyMs: number;
  /** log-normal sigma of the request time (dimensionless); default 0.5 */
  latencySigma: number;
  /** median response body, bytes; default 2000 */
  bytes: number;
  /** log-normal sigma of the body size; default 0.3 */
  bytesSigma: number;
  /** status of a successful answer; default 200 */
  okStatus: number;
  /** share answered 5xx outside incidents, 0–1; default 0.001 */
  errorRate: number;
  /** share answered 404 (stale links, typos), 0–1; default 0.002 */
  notFoundRate: number;
  /** largest id drawn for `:id` segments (log-uniform, so small ids are popular); default 10000 */
  ids: number;
  /** query strings, one appended at random per request (`q=shoes`); [] for none; default [] */
  queries: string[];
  /** whether crawlers fetch it; default false */
  crawl: boolean;
}

/** Visitors' request rate over time (crawlers included; health checks, scanners and attacks come on top). */
export interface TrafficSpec {
  /** mean requests per second over a week; default 2.5 (≈ 1.5 M requests in 7 days) */
  rps: number;
  /** daily swing 0–1: the rate runs from mean×(1−a) at night to mean×(1+a) at the peak; default 0.6 */
  diurnal: number;
  /** local hour (0–24) of the daily peak; default 15 */
  peakHour: number;
  /** weekend dip 0–1: Saturday and Sunday run at (1−w) × a weekday's rate; default 0.3 */
  weekly: number;
  /** minute-to-minute multiplicative noise, log-normal sigma (AR(1), ≈ 30 min memory); default 0.1 */
  noise: number;
}

export interface ClientSpec {
  /** distinct visitors' IP addresses; default 4000 */
  ips: number;
  /** share of requests from crawlers (Googlebot, bingbot, …), 0–1; default 0.08 */
  botShare: number;
  /** heavy users (an office NAT, an API integration): a few addresses with an outsized share; default 3 */
  heavyUsers: number;
  /** share of requests from the heavy users together, 0–1; default 0.05 */
  heavyShare: number;
}

/** A nightly job that slows one route family for a while: normal, not an incident. */
export interface BatchJobSpec {
  /** default true */
  enabled: boolean;
  /** local start time, minutes after midnight; default 150 (02:30) */
  atMin: number;
  /** minutes; default 20 */
  durationMin: number;
  /** route prefix slowed down, e.g. `/api/products`; default `/api/products` */
  route: string;
  /** request time multiplier while it runs; default 3 */
  slowdown: number;
  /** host whose CPU rises while it runs (metrics); default `db-1` */
  host: string;
}

export interface HealthCheckSpec {
  /** default true */
  enabled: boolean;
  /** seconds between checks; default 30 */
  intervalS: number;
  /** monitor's address; default 10.0.0.2 */
  ip: string;
  /** default /healthz */
  path: string;
  /** default kube-probe/1.29 */
  userAgent: string;
}

/** Internet background: vulnerability scanners probing paths the site does not have (404s). */
export interface ScannerSpec {
  /** default true */
  enabled: boolean;
  /** scanner visits per day; default 8 */
  visitsPerDay: number;
  /** probes per visit, about one per second; default 12 */
  probesPerVisit: number;
  /** paths probed; default /wp-login.php, /.env, /xmlrpc.php, … */
  paths: string[];
}

export interface BackgroundSpec {
  batchJob: BatchJobSpec;
  healthCheck: HealthCheckSpec;
  scanner: ScannerSpec;
}

/** auth.log outside incidents: admins logging in, scanners trying a name or two, cron. */
export interface AuthSpec {
  /** host name in auth.log lines; default web-1 */
  host: string;
  /** admin accounts that log in; default alice, bob, deploy */
  users: string[];
  /** addresses the admins log in from; default 3 */
  adminIps: number;
  /** successful logins per day, all admins together (mostly working hours); default 6 */
  loginsPerDay: number;
  /** share of logins preceded by a mistyped password, 0–1; default 0.15 */
  typoRate: number;
  /** single stray attempts from internet scanners per day (`Invalid user admin`); default 20 */
  strayPerDay: number;
  /** an hourly cron job's pam session lines; default true */
  cron: boolean;
}

/** metrics.csv: one row per host every intervalS. */
export interface MetricsSpec {
  /** seconds between samples; default 60 */
  intervalS: number;
  /** CPU % of an idle host; default 12 */
  cpuBase: number;
  /** CPU % added at the mean request rate (scales with traffic); default 25 */
  cpuLoad: number;
  /** RAM % of a freshly started host; default 42 */
  ramBase: number;
  /** disk % at the start; default 48 */
  diskStart: number;
  /** disk growth, percentage points per day; default 0.4 */
  diskPerDay: number;
  /** sample noise, percentage points (sigma); default 1.5 */
  noise: number;
}

/** An incident placed by hand. */
export interface IncidentPlacement {
  kind: FailureKind;
  /** start of the failure phase (the precursor comes before it), epoch ms UTC, whole minutes */
  start: number;
  /** failure phase length, minutes */
  durationMin: number;
  /** precursor length before `start`, minutes; default the kind's (0 for sudden failures) */
  precursorMin?: number;
  /** what it hits: a route prefix (web kinds), a host (metric kinds) or the first attacking IP (traffic-spike, ssh-brute-force); default drawn from the seed */
  target?: string;
  /** kind-specific strength (FAILURES[kind].severity says what); default the kind's */
  severity?: number;
}

/** Incidents placed at random (from the seed), never overlapping each other or placed ones. */
export interface IncidentRate {
  kind: FailureKind;
  /** mean incidents per day, e.g. 0.5 */
  perDay: number;
}

/** At most 1,000 incidents per scenario, placed + rates × days (MAX_INCIDENTS, validate.ts). */
export interface IncidentsSpec {
  /** default [] */
  placed: IncidentPlacement[];
  /** default [] */
  rates: IncidentRate[];
  /** minimum quiet time between two incidents, precursors included, minutes; default 120 */
  gapMin: number;
}

export interface OutputsSpec {
  /** access.log (nginx combined + request time); default true */
  access: boolean;
  /** auth.log (OpenSSH, BSD syslog); default true */
  auth: boolean;
  /** metrics.csv (timestamp,host,cpu_pct,ram_pct,disk_pct); default true */
  metrics: boolean;
}

export interface Scenario {
  /** first simulated instant, epoch ms UTC, whole seconds; default 2024-03-04T00:00:00Z (a Monday) */
  start: number;
  /** length in days (fractions allowed, at least one hour); default 7 */
  days: number;
  /** uint32 seed of every random choice; default 1 */
  seed: number;
  /** local time of the site, minutes east of UTC (60 → access log `+0100`); also places the daily cycle and the nightly job; default 0 */
  utcOffsetMin: number;
  outputs: OutputsSpec;
  /** site name used in referrers; default shop.example.com */
  domain: string;
  /** hosts reporting metrics; default web-1, web-2, db-1 */
  hosts: string[];
  endpoints: EndpointSpec[];
  traffic: TrafficSpec;
  clients: ClientSpec;
  background: BackgroundSpec;
  auth: AuthSpec;
  metrics: MetricsSpec;
  incidents: IncidentsSpec;
}

/** Output files, in the order generate() writes them. */
export const SIM_FILES = ['access.log', 'auth.log', 'metrics.csv'] as const;
export type SimFile = (typeof SIM_FILES)[number];

export { PRESETS, defaultScenario, type Preset, type PresetId } from './presets';
