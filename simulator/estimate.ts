/**
 * Expected line counts of a run, without generating it (a few ms): for a UI to say "≈ 1.5 M
 * lines" before the user commits, and to refuse absurd sizes. Expectations of the same random
 * processes generate() samples, so a real run lands within a few percent.
 */
import { spanOf } from './clock';
import { planIncidents } from './plan';
import { TrafficModel } from './rate';
import type { Scenario, SimFile } from './scenario';
import { checkScenario } from './validate';

/** auth.log lines per admin login: accepted, session open/close, two disconnect lines, sudo half the time (3). */
const LINES_PER_LOGIN = 6.5;
/** per stray attempt: mostly Invalid user + two disconnect lines, sometimes a failed password. */
const LINES_PER_STRAY = 3.2;
/** per brute-force attempt: 30 % on root (3.1 lines), 70 % on invalid names (6 lines). */
const LINES_PER_ATTEMPT = 0.3 * 3.1 + 0.7 * 6;

export function estimateLines(s: Scenario): Record<SimFile, number> {
  checkScenario(s);
  const { startSec, endSec } = spanOf(s);
  const span = endSec - startSec;
  const days = span / 86_400;
  const plan = planIncidents(s);
  const model = new TrafficModel(s);

  let access = 0;
  for (let sec = startSec; sec < endSec; sec += 60) access += model.rate(sec) * Math.min(60, endSec - sec);
  const hc = s.background.healthCheck;
  if (hc.enabled) access += Math.ceil(span / hc.intervalS);
  const sc = s.background.scanner;
  if (sc.enabled && sc.paths.length > 0) access += sc.visitsPerDay * days * sc.probesPerVisit;

  const a = s.auth;
  let auth = days * (a.loginsPerDay * (LINES_PER_LOGIN + a.typoRate) + a.strayPerDay * LINES_PER_STRAY + (a.cron ? 48 : 0));
  for (const inc of plan) {
    const pre = inc.failureStart - inc.precursorStart;
    const dur = inc.end - inc.failureStart;
    if (inc.kind === 'traffic-spike') access += s.traffic.rps * inc.severity * (dur + 0.05 * pre);
    if (inc.kind === 'ssh-brute-force') auth += inc.ips.length * ((inc.severity / 60) * dur * LINES_PER_ATTEMPT + (1.5 / 60) * pre);
  }
  const metrics = 1 + s.hosts.length * Math.ceil(span / s.metrics.intervalS);
  return {
    'access.log': s.outputs.access ? Math.round(access) : 0,
    'auth.log': s.outputs.auth ? Math.round(auth) : 0,
    'metrics.csv': s.outputs.metrics ? metrics : 0,
  };
}
