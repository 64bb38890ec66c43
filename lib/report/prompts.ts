/**
 * Copy-ready prompts for a language model the user runs themselves: the page never sends them
 * anywhere (its CSP allows its own origin only). Text taken from the data (log lines, routes,
 * file names) goes through `redact` before it is put in a prompt; the prompt says what that
 * removes (REDACTION_NOTE) and no more.
 */
import { assertNever } from '../util/assert-never';
import type { Row } from '../db/db';
import type { DetectorResult } from '../eval/evaluate';
import type { ExperimentSpec } from '../spec/schema';
import { phaseText, type AlarmFinding } from './alarms';
import { fmtTime } from './format';
import type { Insight } from './insights';
import { redact, REDACTION_NOTE } from './redact';

/** A log line longer than this is cut (after redaction, so a secret is never cut out of its shape first). */
export const MAX_LINE_CHARS = 2000;

function excerpt(line: string): string {
  const r = redact(line);
  return r.length <= MAX_LINE_CHARS ? r : `${r.slice(0, MAX_LINE_CHARS)}… (${(r.length - MAX_LINE_CHARS).toLocaleString('en-US')} more characters)`;
}

const s = (v: Row[string] | undefined): string => (v === null || v === undefined ? '-' : String(v));

/** A request row as one redacted log-like line: time, client, request, status, bytes, latency, user agent. */
export function requestLine(r: Row): string {
  const ts = typeof r.ts === 'number' ? new Date(r.ts).toISOString() : s(r.ts);
  const lat = typeof r.latency_ms === 'number' && Number.isFinite(r.latency_ms) ? `${r.latency_ms.toFixed(1)} ms` : '- ms';
  return excerpt(`${ts} ${s(r.ip)} "${s(r.method)} ${s(r.path)}" ${s(r.status)} ${s(r.bytes)} ${lat} "${s(r.user_agent)}"`);
}

/** An auth event row as one redacted syslog-like line. */
export function authLine(r: Row): string {
  const ts = typeof r.ts === 'number' ? new Date(r.ts).toISOString() : s(r.ts);
  return excerpt(`${ts} ${s(r.host)} ${s(r.process)}: ${s(r.message)}`);
}

/**
 * Where the data came from, for the prompt's "Data:" line. A simulation names its own seed (the
 * scenario's), not the spec's top-level seed, which seeds the detectors and says nothing about the data.
 */
export function sourceLabel(source: ExperimentSpec['source']): string {
  switch (source.kind) {
    case 'simulator':
      return `simulated ${source.preset} logs (simulation seed ${source.scenario.seed})`;
    case 'sample':
      return `the ${source.id} sample log`;
    case 'upload':
      return `${source.files.length} uploaded file${source.files.length === 1 ? '' : 's'}`;
    case 'nab':
      return `the NAB metric series ${source.key}`;
    case 'windows':
      return `the window table ${source.file.name} (features computed outside Harbinger, no log lines)`;
    default:
      return assertNever(source);
  }
}

function bullets(items: readonly Insight[]): string {
  // findings quote routes and incident kinds from the data
  return items.length === 0 ? '- (none)' : items.map((i) => `- ${redact(i.text)}${i.next ? ` Next: ${redact(i.next)}` : ''}`).join('\n');
}

export interface SummaryInput {
  /** e.g. "simulated web shop, 7 days, 650,000 requests" */
  dataset: string;
  slow: readonly Insight[];
  errors: readonly Insight[];
  hours: readonly Insight[];
  alarms: readonly Insight[];
  /** best detector and its test-span figures, or null before training */
  detector: string | null;
}

/** A prompt asking for a short operator briefing from the findings. */
export function summaryPrompt(i: SummaryInput): string {
  return `You are a site reliability engineer. Write a briefing of at most 200 words for the on-call operator of this service: what is wrong or at risk, ordered by urgency, and one concrete next step for each. Use only the facts below; do not invent numbers. Times are UTC.

Data: ${redact(i.dataset)}

Slowest endpoints:
${bullets(i.slow)}

Endpoints concentrating 4xx/5xx:
${bullets(i.errors)}

Traffic by hour of day:
${bullets(i.hours)}

Anomaly alarms${i.detector ? ` (${i.detector})` : ''}:
${i.detector ? bullets(i.alarms) : '- no trained detector yet'}
`;
}

export interface ReviewInput {
  alarm: AlarmFinding;
  detector: string;
  /** log lines from the alarm's span, already formatted and redacted (`requestLine`, `authLine`) */
  lines: readonly string[];
  /** how the lines were picked, e.g. "the 20 failing or slowest requests" */
  selection: string;
}

/** A prompt asking whether sample lines of the top alarm show a real problem, and which. */
export function reviewPrompt(i: ReviewInput): string {
  const a = i.alarm;
  const label = a.incident ? `It overlaps a labeled ${a.incident.kind} incident (${phaseText(a.incident.phase)}).` : 'It matches no labeled incident.';
  const drivers = a.drivers.length > 0 ? `Features that drove the score most: ${a.drivers.map((d) => d.feature).join(', ')}.` : 'No per-feature breakdown is available.';
  return `You are reviewing an anomaly alarm from a log anomaly detector (${i.detector}). The alarm covers ${fmtTime(a.start)} to ${fmtTime(a.end)}. ${label} ${drivers}

Below are ${i.lines.length} log lines from that span (${i.selection}). In them, ${REDACTION_NOTE}. Say whether they show a real problem, what kind (e.g. latency ramp, error burst, traffic spike from few IPs, brute force, dependency outage) and the evidence, quoting line fragments. If the lines do not explain the alarm, say so and say what data would.

\`\`\`
${i.lines.length > 0 ? i.lines.join('\n') : '(no log lines in this span)'}
\`\`\`
`;
}

export interface DashboardInput {
  /** panel titles of the notebook, in order */
  panels: readonly string[];
  windowSec: number;
  trainFraction: number;
  thresholdRule: string;
  /** the spec's seed: detectors' random initialisation and sampling (not the simulation's seed) */
  detectorSeed: number;
  rows: readonly DetectorResult[];
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

/** A prompt asking for a plain-language explanation of the workbench's charts and metrics table. */
export function dashboardPrompt(i: DashboardInput): string {
  const table = i.rows
    .map((r) =>
      r.error !== null
        ? `- ${r.name}: not run (${r.error})`
        : `- ${r.name}: precision ${f3(r.precision)}, recall ${f3(r.recall)}, F1 ${f3(r.f1)}, PR-AUC ${f3(r.pr_auc)}, incidents ${r.events_detected}/${r.events_total}, false alarms/day ${Number.isFinite(r.false_alarms_per_day) ? r.false_alarms_per_day.toFixed(2) : 'n/a'}, median lead ${r.median_lead_s === null ? 'n/a' : `${(r.median_lead_s / 60).toFixed(1)} min`}, oracle F1 ${f3(r.oracle_f1)}`,
    )
    .join('\n');
  return `Explain this log anomaly dashboard to an engineer who has not used it, in plain language and under 250 words: what each panel shows, how to read the detector metrics, and which detector to trust here and why. Note that the oracle F1 tunes the threshold on the test labels and is only an upper bound.

Panels: ${i.panels.join('; ')}.
Features are computed over ${i.windowSec} s windows; detectors train on the first ${Math.round(i.trainFraction * 100)} % of the time span and are scored on the rest. Threshold rule: ${i.thresholdRule}. Detector seed: ${i.detectorSeed}.

Detector metrics on the test span:
${table || '- no trained detector yet'}
`;
}
