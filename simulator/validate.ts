/**
 * The scenario's boundary check: the field ranges of scenario.ts plus what the generator relies on
 * across fields (text that stays one valid log line, routes that template back to themselves,
 * targets that exist, incidents that fit), each failure named with its path and value.
 */
import type { z } from 'zod';
import { templateRoute } from '../lib/ingest/route';
import { formatPath } from '../lib/spec/errors';
import { FAILURES } from './failures';
import { spanOf } from './clock';
import { planIncidents, routeMatches } from './plan';
import { MAX_INCIDENTS, scenarioShape, type Scenario } from './scenario';
import { PATH, TOKEN } from './fields';

type Ctx = z.RefinementCtx<Scenario>;

function issue(ctx: Ctx, path: PropertyKey[], input: unknown, message: string): void {
  ctx.addIssue({ code: 'custom', path, input, message });
}

function checkEndpoints(s: Scenario, ctx: Ctx): void {
  let total = 0;
  s.endpoints.forEach((e, i) => {
    total += e.weight;
    if (e.route.includes('?')) issue(ctx, ['endpoints', i, 'route'], e.route, 'put query strings in `queries`');
    else if (templateRoute(e.route.replaceAll(':id', '1')) !== e.route) {
      issue(ctx, ['endpoints', i, 'route'], e.route, 'a literal segment looks like an id (digits, uuid, long hex); use :id');
    }
    if (e.notFoundRate > 1 - e.errorRate) issue(ctx, ['endpoints', i, 'notFoundRate'], e.notFoundRate, `expected 0 to ${1 - e.errorRate}`);
  });
  if (!(total > 0)) issue(ctx, ['endpoints'], total, 'expected a positive total weight');
}

function checkPlacements(s: Scenario, ctx: Ctx): void {
  s.incidents.placed.forEach((p, i) => {
    const at = (field: string): PropertyKey[] => ['incidents', 'placed', i, field];
    const def = FAILURES[p.kind];
    const [lo, hi] = def.severityRange;
    if (p.severity !== undefined && !(p.severity >= lo && p.severity <= hi)) issue(ctx, at('severity'), p.severity, `expected ${lo} to ${hi}`);
    checkTarget(s, p.target, def.target, at('target'), ctx);
  });
}

function checkTarget(s: Scenario, target: string | undefined, kind: 'route' | 'host' | 'ip', path: PropertyKey[], ctx: Ctx): void {
  if (target === undefined) return;
  const printable = /^[\x20-\x7e]*$/.test(target);
  if (kind === 'route') {
    if (!PATH.test(target) || !printable) issue(ctx, path, target, 'expected a route prefix starting with /, in printable ASCII');
    else if (!s.endpoints.some((e) => routeMatches(e.route, target))) issue(ctx, path, target, 'expected a prefix of some endpoint route');
  } else if (kind === 'host') {
    if (!s.hosts.includes(target)) issue(ctx, path, target, `expected one of hosts (${s.hosts.join(', ')})`);
  } else if (!TOKEN.test(target)) {
    issue(ctx, path, target, 'expected an IP address, in printable ASCII');
  }
}

function checkAcrossFields(s: Scenario, ctx: Ctx): void {
  if (new Set(s.hosts).size !== s.hosts.length) issue(ctx, ['hosts'], s.hosts, 'expected distinct names');
  checkEndpoints(s, ctx);
  if (s.clients.heavyShare > 1 - s.clients.botShare) issue(ctx, ['clients', 'heavyShare'], s.clients.heavyShare, `expected 0 to ${1 - s.clients.botShare}`);
  const job = s.background.batchJob;
  if (job.enabled && !s.hosts.includes(job.host)) issue(ctx, ['background', 'batchJob', 'host'], job.host, `expected one of hosts (${s.hosts.join(', ')})`);
  if (s.auth.users.length > 0 && s.auth.adminIps < 1) issue(ctx, ['auth', 'adminIps'], s.auth.adminIps, 'expected 1 to 1000');
  checkPlacements(s, ctx);
  const { startSec, endSec } = spanOf(s);
  const fromRates = s.incidents.rates.reduce((n, r) => n + r.perDay * ((endSec - startSec) / 86_400), 0);
  if (s.incidents.placed.length + fromRates > MAX_INCIDENTS) {
    issue(
      ctx,
      ['incidents'],
      { placed: s.incidents.placed.length, fromRates: Math.round(fromRates) },
      `at most ${MAX_INCIDENTS} incidents per scenario (placed + rates × days); lower incidents.rates or shorten the run`,
    );
  }
}

/** Marks the issue whose message already starts with the path it is about (planIncidents names it). */
const PLANNED = { planned: true };

/**
 * The scenario schema to parse with. Placing is the last check, run only on an otherwise valid
 * scenario: overlapping placed incidents and rates that cannot fit are refused here, at the
 * boundary, rather than later inside a render or the engine.
 */
export const scenarioSchema = scenarioShape.superRefine(checkAcrossFields).superRefine(
  (s, ctx) => {
    try {
      planIncidents(s);
    } catch (e) {
      ctx.addIssue({ code: 'custom', input: undefined, message: e instanceof Error ? e.message : String(e), params: PLANNED });
    }
  },
  { when: (payload) => payload.issues.length === 0 },
);

function shown(iss: z.core.$ZodIssue): unknown {
  if (iss.code === 'unrecognized_keys') return iss.keys;
  if ((iss.code === 'too_big' || iss.code === 'too_small') && Array.isArray(iss.input)) return iss.input.length;
  return iss.input;
}

/** The scenario, or an Error naming the first bad field (path and value); accepts any value, as a link may carry anything. */
export function checkScenario(v: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(v, { reportInput: true });
  if (parsed.success) return parsed.data;
  const iss = parsed.error.issues[0];
  if (iss.code === 'custom' && iss.params?.planned === true) throw new Error(`invalid scenario ${iss.message}`);
  throw new Error(`invalid scenario ${formatPath(iss.path) || '(root)'}: ${iss.message} (got ${JSON.stringify(shown(iss))})`);
}
