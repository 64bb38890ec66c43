/**
 * Ready-made scenarios. `defaultScenario()` is a week of a small web shop with nothing going
 * wrong; the presets change what their story needs. Presets are frozen: structuredClone one
 * before editing it.
 */
import { SCANNER_PATHS } from './agents';
import type { EndpointSpec, Scenario } from './scenario';

/** 2024-03-04T00:00:00Z, a Monday. */
const MONDAY = Date.UTC(2024, 2, 4);

function ep(method: string, route: string, weight: number, latencyMs: number, bytes: number, more: Partial<EndpointSpec> = {}): EndpointSpec {
  return {
    method,
    route,
    weight,
    latencyMs,
    latencySigma: 0.5,
    bytes,
    bytesSigma: 0.3,
    okStatus: method === 'POST' ? 201 : 200,
    errorRate: 0.001,
    notFoundRate: method === 'GET' ? 0.002 : 0,
    ids: 10_000,
    queries: [],
    crawl: false,
    ...more,
  };
}

const SHOP_ENDPOINTS: EndpointSpec[] = [
  ep('GET', '/', 10, 35, 14_000, { crawl: true, latencySigma: 0.4 }),
  ep('GET', '/products', 6, 60, 22_000, { crawl: true, queries: ['page=2', 'sort=price', 'category=shoes', 'category=bags', 'category=jackets'] }),
  ep('GET', '/products/:id', 12, 45, 18_000, { crawl: true, ids: 5000 }),
  ep('GET', '/search', 5, 120, 9000, { latencySigma: 0.6, queries: ['q=shoes', 'q=red+dress', 'q=backpack', 'q=sneakers&page=2', 'q=gift+card', 'q=rain+jacket'] }),
  ep('GET', '/cart', 3, 50, 6000),
  ep('POST', '/cart/items', 2, 80, 300),
  ep('GET', '/checkout', 1, 90, 8000),
  ep('POST', '/api/orders', 0.8, 250, 500),
  ep('GET', '/api/orders/:id', 1.2, 60, 1200, { ids: 200_000 }),
  ep('POST', '/api/payments', 0.7, 400, 400, { latencySigma: 0.6, okStatus: 200 }),
  ep('GET', '/api/products/:id', 8, 25, 2500, { ids: 5000 }),
  ep('GET', '/api/users/:id', 3, 30, 900, { ids: 100_000 }),
  ep('POST', '/api/auth/login', 1.5, 150, 350, { okStatus: 200 }),
  ep('GET', '/api/recommendations', 4, 70, 3000),
  ep('GET', '/static/js/main.js', 10, 2, 180_000, { latencySigma: 0.3, bytesSigma: 0 }),
  ep('GET', '/static/css/main.css', 8, 2, 45_000, { latencySigma: 0.3, bytesSigma: 0 }),
  ep('GET', '/images/products/:id', 15, 4, 35_000, { ids: 5000 }),
  ep('GET', '/favicon.ico', 2, 1, 15_086, { latencySigma: 0.2, bytesSigma: 0 }),
  ep('GET', '/robots.txt', 0.2, 1, 120, { crawl: true, bytesSigma: 0 }),
];

/** A week of a small web shop (≈ 1.5 M requests) with no incidents. */
export function defaultScenario(): Scenario {
  return {
    start: MONDAY,
    days: 7,
    seed: 1,
    utcOffsetMin: 0,
    outputs: { access: true, auth: true, metrics: true },
    domain: 'shop.example.com',
    hosts: ['web-1', 'web-2', 'db-1'],
    endpoints: SHOP_ENDPOINTS.map((e) => ({ ...e, queries: [...e.queries] })),
    traffic: { rps: 2.5, diurnal: 0.6, peakHour: 15, weekly: 0.3, noise: 0.1 },
    clients: { ips: 4000, botShare: 0.08, heavyUsers: 3, heavyShare: 0.05 },
    background: {
      batchJob: { enabled: true, atMin: 150, durationMin: 20, route: '/api/products', slowdown: 3, host: 'db-1' },
      healthCheck: { enabled: true, intervalS: 30, ip: '10.0.0.2', path: '/healthz', userAgent: 'kube-probe/1.29' },
      scanner: { enabled: true, visitsPerDay: 8, probesPerVisit: 12, paths: [...SCANNER_PATHS] },
    },
    auth: { host: 'web-1', users: ['alice', 'bob', 'deploy'], adminIps: 3, loginsPerDay: 6, typoRate: 0.15, strayPerDay: 20, cron: true },
    metrics: { intervalS: 60, cpuBase: 12, cpuLoad: 25, ramBase: 42, diskStart: 48, diskPerDay: 0.4, noise: 1.5 },
    incidents: { placed: [], rates: [], gapMin: 120 },
  };
}

export type PresetId = 'web-shop' | 'ssh-attack' | 'memory-leak' | 'quiet-week';

export interface Preset {
  label: string;
  description: string;
  scenario: Scenario;
}

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

function webShop(): Scenario {
  const s = defaultScenario();
  s.incidents.rates = [
    { kind: 'latency-ramp', perDay: 0.3 },
    { kind: 'error-burst', perDay: 0.3 },
    { kind: 'traffic-spike', perDay: 0.2 },
    { kind: 'slow-endpoint', perDay: 0.2 },
    { kind: 'dependency-outage', perDay: 0.2 },
    { kind: 'ssh-brute-force', perDay: 0.3 },
    { kind: 'memory-leak', perDay: 0.15 },
    { kind: 'cpu-spike', perDay: 0.2 },
    { kind: 'disk-filling', perDay: 0.15 },
  ];
  return s;
}

function sshAttack(): Scenario {
  const s = defaultScenario();
  s.outputs = { access: false, auth: true, metrics: false };
  s.auth.strayPerDay = 40;
  s.incidents.rates = [{ kind: 'ssh-brute-force', perDay: 1 }];
  return s;
}

function memoryLeak(): Scenario {
  const s = defaultScenario();
  s.outputs = { access: true, auth: false, metrics: true };
  s.traffic.rps = 0.5;
  s.incidents.rates = [{ kind: 'memory-leak', perDay: 0.5 }];
  return s;
}

export const PRESETS: Readonly<Record<PresetId, Preset>> = deepFreeze({
  'web-shop': {
    label: 'Web shop, mixed incidents',
    description: 'A week of a web shop (≈ 1.5 M requests, auth.log, host metrics) with about 14 incidents of all nine kinds.',
    scenario: webShop(),
  },
  'ssh-attack': {
    label: 'SSH brute force',
    description: 'A week of auth.log: admins logging in, stray scanner attempts, and about one brute-force episode a day.',
    scenario: sshAttack(),
  },
  'memory-leak': {
    label: 'Memory leak → restart',
    description: 'A week of host metrics where a process leaks memory for hours and restarts, with light web traffic.',
    scenario: memoryLeak(),
  },
  'quiet-week': {
    label: 'Quiet week',
    description: 'The web shop for a week with no incidents at all: every alarm is a false alarm.',
    scenario: defaultScenario(),
  },
});
