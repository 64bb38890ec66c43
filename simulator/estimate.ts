/**
 * Expected line counts of a run, without generating it (a few ms): for a UI to say "≈ 1.5 M
 * lines" before the user commits, and to refuse absurd sizes. Expectations of the same random
 * processes generate() samples, so a real run lands within a few percent.
 */
import { spanOf } from './clock';
import { planIncidents } from './plan';
import { TrafficModel } from './rate';
import { SIM_FILES, type Scenario, type SimFile } from './scenario';
import { generate } from './generate';
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

/** Request rate of the scenario the line length is sampled from. */
const SAMPLE_RPS = 5;

export interface SizeEstimate {
  lines: Record<SimFile, number>;
  bytes: Record<SimFile, number>;
  totalLines: number;
  totalBytes: number;
}

/**
 * Expected lines and bytes per file: the lines of `estimateLines`, times the bytes per line of
 * the first `sampleLines` lines the generator really writes for that file (the scenario's own
 * paths, user agents and host names decide the line length), sampled at a low request rate so
 * it costs one small chunk per file (≈ 0.1–1 s for the largest scenario the validator accepts).
 */
export function estimateSize(s: Scenario, sampleLines = 2000): SizeEstimate {
  const lines = estimateLines(s);
  const bytes: Record<SimFile, number> = { 'access.log': 0, 'auth.log': 0, 'metrics.csv': 0 };
  // the generator writes a step of traffic at a time: at 100,000 requests/s the first chunk alone
  // takes seconds, and the length of a line does not depend on the rate
  const sample: Scenario = { ...s, traffic: { ...s.traffic, rps: Math.min(s.traffic.rps, SAMPLE_RPS) } };
  for (const file of SIM_FILES) {
    if (lines[file] === 0) continue;
    const chunks = generate(sample, { files: [file], chunkLines: sampleLines });
    const first = chunks.next();
    chunks.return();
    if (!first.done && first.value.lines > 0) bytes[file] = Math.round((first.value.bytes.length / first.value.lines) * lines[file]);
  }
  const sum = (r: Record<SimFile, number>) => SIM_FILES.reduce((a, f) => a + r[f], 0);
  return { lines, bytes, totalLines: sum(lines), totalBytes: sum(bytes) };
}
