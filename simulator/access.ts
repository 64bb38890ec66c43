/**
 * access.log events, one second at a time: health checks, visitors (Poisson arrivals at the
 * traffic model's rate), scanner probes and attack traffic, with the nightly job and the active
 * incidents altering what they touch. Streams: `traffic` (arrival counts), `requests` (every
 * visitor field), `health`, `scanner`, and one per incident; the base streams draw the same
 * numbers whatever the incidents do.
 */
import type { Rng } from '../lib/util/rng';
import { templateRoute } from '../lib/ingest/route';
import { SCANNERS, publicIpv4 } from './agents';
import { inDailyWindow } from './clock';
import { Population } from './clients';
import { FAILURES } from './failures';
import { errorPageBytes, type EmitRequest, type PlannedIncident, type RequestDraft, type SimContext } from './failures/types';
import { routeMatches } from './plan';
import type { TrafficModel } from './rate';
import { Alias, below, LogNormalTable, poisson, stream } from './rng';
import type { Scenario } from './scenario';
import { token, Tokens, type Target, type Token } from './token';

/** Receives each request in time order. */
export interface RequestSink {
  /**
   * `target` is reused between calls (read it during the call only); `route` is
   * templateRoute(target's text), known to the producer without computing it.
   */
  request(
    sec: number,
    ip: Token,
    method: Token,
    target: Target,
    route: string,
    status: number,
    bytes: number,
    latencyMs: number,
    referrer: Token | null,
    userAgent: Token,
  ): void;
}

interface Endpoint {
  method: Token;
  route: string;
  /** the route split at its `:id` segments; ids and query are filled per request */
  target: Target;
  lnIds: number;
  queries: Token[];
  latencyMs: number;
  latencies: LogNormalTable;
  bytes: number;
  sizes: LogNormalTable;
  okStatus: number;
  errorRate: number;
  notFoundRate: number;
}

interface ScannerVisit {
  start: number;
  ip: Token;
  ua: Token;
  probes: number;
}

interface Active {
  inc: PlannedIncident;
  r: Rng;
  /** per endpoint: whether the incident alters its requests */
  mask: Uint8Array;
}

export class AccessProducer {
  private readonly s: Scenario;
  private readonly model: TrafficModel;
  private readonly ctx: SimContext;
  private readonly pop: Population;
  private readonly endpoints: Endpoint[];
  private readonly all: Alias;
  private readonly crawl: Alias | null;
  private readonly crawlIndex: number[];
  private readonly referrers: (Token | null)[];
  private readonly tokens = new Tokens();
  private readonly referrerAlias: Alias;
  private readonly jobMask: Uint8Array;
  private readonly visits: ScannerVisit[];
  private readonly incidents: Active[];
  private readonly traffic: Rng;
  private readonly rq: Rng;
  private readonly health: Rng;
  private readonly scan: Rng;
  private readonly draft: RequestDraft = { method: 'GET', status: 200, latencyMs: 0, bytes: 0 };
  private sec = 0;
  private sink: RequestSink | null = null;
  private readonly emit: EmitRequest;

  constructor(s: Scenario, plan: readonly PlannedIncident[], model: TrafficModel) {
    this.s = s;
    this.model = model;
    this.ctx = { scenario: s, meanRps: s.traffic.rps };
    this.pop = new Population(s);
    this.endpoints = s.endpoints.map((e) => ({
      method: this.tokens.get(e.method),
      route: e.route,
      target: { pieces: e.route.split(':id').map(token), ids: new Array<number>(e.route.split(':id').length - 1).fill(0), query: null },
      lnIds: Math.log(e.ids + 1),
      queries: e.queries.map(token),
      latencyMs: e.latencyMs,
      latencies: new LogNormalTable(e.latencySigma, 4096, true),
      bytes: e.bytes,
      sizes: new LogNormalTable(e.bytesSigma),
      okStatus: e.okStatus,
      errorRate: e.errorRate,
      notFoundRate: e.notFoundRate,
    }));
    this.all = new Alias(s.endpoints.map((e) => e.weight));
    this.crawlIndex = s.endpoints.flatMap((e, i) => (e.crawl && e.weight > 0 ? [i] : []));
    this.crawl = this.crawlIndex.length > 0 ? new Alias(this.crawlIndex.map((i) => s.endpoints[i].weight)) : null;
    const d = s.domain;
    this.referrers = [null, `https://${d}/`, `https://${d}/search?q=shoes`, `https://${d}/cart`, 'https://www.google.com/', 'https://www.bing.com/', 'https://duckduckgo.com/'].map(
      (x) => (x === null ? null : token(x)),
    );
    this.referrerAlias = new Alias([45, 25, 5, 5, 15, 3, 2]);
    const job = s.background.batchJob;
    this.jobMask = Uint8Array.from(s.endpoints, (e) => (job.enabled && routeMatches(e.route, job.route) ? 1 : 0));
    this.visits = planScanner(s, model, this.tokens);
    this.incidents = plan
      .filter((inc) => FAILURES[inc.kind].request !== undefined || FAILURES[inc.kind].extra !== undefined)
      .map((inc) => ({
        inc,
        r: stream(s.seed, `${inc.streamKey}:access`),
        mask: Uint8Array.from(s.endpoints, (e) => (inc.route === null || routeMatches(e.route, inc.route) ? 1 : 0)),
      }));
    this.traffic = stream(s.seed, 'traffic');
    this.rq = stream(s.seed, 'requests');
    this.health = stream(s.seed, 'health');
    this.scan = stream(s.seed, 'scanner');
    const t = this.tokens;
    this.emit = (ip, method, path, route, status, bytes, latencyMs, referrer, ua) =>
      (this.sink as RequestSink).request(this.sec, t.get(ip), t.get(method), literal(t, path), route, status, bytes, latencyMs, referrer === null ? null : t.get(referrer), t.get(ua));
  }

  /** Every request of the run, one minute per step. */
  *run(sink: RequestSink): Generator<void> {
    this.sink = sink;
    const { startSec, endSec } = this.model;
    const hc = this.s.background.healthCheck;
    const job = this.s.background.batchJob;
    const healthRoute = templateRoute(hc.path);
    const healthTarget = literal(this.tokens, hc.path);
    const [healthIp, get, healthUa] = [hc.ip, 'GET', hc.userAgent].map((x) => this.tokens.get(x));
    let nextVisit = 0;
    const live: ScannerVisit[] = [];
    let active: Active[] = [];
    let changeAt = -Infinity;
    for (let sec = startSec; sec < endSec; sec++) {
      this.sec = sec;
      if (hc.enabled && (sec - startSec) % hc.intervalS === 0) {
        sink.request(sec, healthIp, get, healthTarget, healthRoute, 200, 2, below(this.health, 3), null, healthUa);
      }
      if (sec >= changeAt) {
        // the active set changes only at incident boundaries
        active = this.incidents.filter((a) => sec >= a.inc.precursorStart && sec < a.inc.end);
        changeAt = Infinity;
        for (const { inc } of this.incidents) {
          if (inc.precursorStart > sec) changeAt = Math.min(changeAt, inc.precursorStart);
          if (inc.end > sec) changeAt = Math.min(changeAt, inc.end);
        }
      }
      const jobOn = job.enabled && inDailyWindow(sec, this.s.utcOffsetMin, job.atMin, job.durationMin);
      const n = poisson(this.traffic, this.model.rate(sec));
      for (let k = 0; k < n; k++) this.visitor(sec, sink, active, jobOn);
      while (nextVisit < this.visits.length && this.visits[nextVisit].start <= sec) live.push(this.visits[nextVisit++]);
      for (let i = live.length - 1; i >= 0; i--) {
        const v = live[i];
        if (sec >= v.start + v.probes) live.splice(i, 1);
      }
      for (const v of live) this.probe(sec, v, sink);
      for (const a of active) FAILURES[a.inc.kind].extra?.(a.inc, sec, this.emit, a.r, this.ctx);
      // a step per minute: resuming the generator every second cost ≈ 5 % at a few requests/s
      if ((sec - startSec) % 60 === 59) yield;
    }
    yield;
    this.sink = null;
  }

  private visitor(sec: number, sink: RequestSink, active: Active[], jobOn: boolean): void {
    const r = this.rq;
    const c = this.pop.pick(r());
    const bot = this.pop.bot[c];
    const e = bot && this.crawl !== null ? this.crawlIndex[this.crawl.pick(r())] : this.all.pick(r());
    const ep = this.endpoints[e];
    const target = ep.target;
    for (let i = 0; i < target.ids.length; i++) target.ids[i] = Math.floor(Math.exp(r() * ep.lnIds));
    target.query = ep.queries.length > 0 ? ep.queries[below(r, ep.queries.length)] : null;
    const d = this.draft;
    d.method = ep.method.text;
    d.latencyMs = ep.latencyMs * ep.latencies.sample(r());
    d.bytes = Math.round(ep.bytes * ep.sizes.sample(r()));
    d.status = ep.okStatus;
    const u = r();
    if (u < ep.errorRate) {
      const v = u / ep.errorRate;
      d.status = v < 0.7 ? 500 : v < 0.9 ? 502 : 504;
      if (d.status === 502) d.latencyMs = 1 + d.latencyMs * 0.05;
      if (d.status === 504) d.latencyMs = 60_000;
      d.bytes = errorPageBytes(d.status);
    } else if (u < ep.errorRate + ep.notFoundRate) {
      d.status = 404;
      d.latencyMs *= 0.3;
      d.bytes = errorPageBytes(404);
    }
    const referrer = bot ? null : this.referrers[this.referrerAlias.pick(r())];
    if (jobOn && this.jobMask[e] === 1) d.latencyMs *= this.s.background.batchJob.slowdown;
    for (const a of active) if (a.mask[e] === 1) FAILURES[a.inc.kind].request?.(a.inc, sec, d, a.r);
    sink.request(sec, this.pop.ip[c], ep.method, target, ep.route, d.status, d.bytes, Math.round(d.latencyMs), referrer, this.pop.ua[c]);
  }

  private probe(sec: number, v: ScannerVisit, sink: RequestSink): void {
    const paths = this.s.background.scanner.paths;
    const path = paths[below(this.scan, paths.length)];
    const method = this.tokens.get(path === '/xmlrpc.php' ? 'POST' : 'GET');
    sink.request(sec, v.ip, method, literal(this.tokens, path), templateRoute(path), 404, errorPageBytes(404), below(this.scan, 3), null, v.ua);
  }
}

/** A target with no ids: the path as one piece (its query, if any, stays in it). */
function literal(tokens: Tokens, path: string): Target {
  return { pieces: [tokens.get(path)], ids: [], query: null };
}

/** Scanner visits of the whole run, by start time. */
function planScanner(s: Scenario, model: TrafficModel, tokens: Tokens): ScannerVisit[] {
  const sc = s.background.scanner;
  if (!sc.enabled || sc.paths.length === 0) return [];
  const r = stream(s.seed, 'scanner-visits');
  const span = model.endSec - model.startSec;
  const n = poisson(r, (sc.visitsPerDay * span) / 86_400);
  const visits: ScannerVisit[] = [];
  for (let i = 0; i < n; i++) {
    const start = model.startSec + below(r, span);
    visits.push({ start, ip: tokens.get(publicIpv4(r(), r(), r())), ua: tokens.get(SCANNERS[below(r, SCANNERS.length)]), probes: sc.probesPerVisit });
  }
  return visits.sort((a, b) => a.start - b.start);
}
