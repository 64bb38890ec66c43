import { describe, expect, it } from 'vitest';
import type { DetectorResult } from '../eval/evaluate';
import type { AlarmFinding } from './alarms';
import { authLine, dashboardPrompt, MAX_LINE_CHARS, requestLine, reviewPrompt, sourceLabel, summaryPrompt } from './prompts';
import { defaultSpec } from '../spec/defaults';
import { datasetLine } from './insights';
import { REDACTION_NOTE } from './redact';

const T0 = Date.UTC(2026, 0, 5, 10, 0);

describe('log lines', () => {
  it('formats request and auth rows as one redacted line each', () => {
    expect(requestLine({ ts: T0, ip: '10.0.0.1', method: 'GET', path: '/a?session=abc', status: 503, bytes: 12, latency_ms: 1500.25, user_agent: 'curl/8' })).toBe(
      '2026-01-05T10:00:00.000Z 10.0.0.1 "GET /a?session=[redacted]" 503 12 1500.3 ms "curl/8"',
    );
    expect(requestLine({ ts: T0, ip: null, method: null, path: null, status: null, bytes: null, latency_ms: null, user_agent: null })).toBe('2026-01-05T10:00:00.000Z - "- -" - - - ms "-"');
    expect(authLine({ ts: T0, host: 'web1', process: 'sshd', message: 'Failed password for root from 1.2.3.4 port 22 ssh2' })).toBe(
      '2026-01-05T10:00:00.000Z web1 sshd: Failed password for root from 1.2.3.4 port 22 ssh2',
    );
    expect(authLine({ ts: T0, host: 'web1', process: 'sshd', message: 'Failed password for invalid user Hunter2! from 1.2.3.4 port 22 ssh2' })).toBe(
      '2026-01-05T10:00:00.000Z web1 sshd: Failed password for invalid user [redacted] from 1.2.3.4 port 22 ssh2',
    );
    expect(requestLine({ ts: T0, ip: '10.0.0.1', method: 'GET', path: '/x', status: 200, bytes: 1, latency_ms: 1, user_agent: 'bot (+mailto:ops@example.com) xoxb-123-456-abc' })).toContain('"bot (+mailto:[redacted]) [redacted]"');
  });

  it('cuts a very long line after redacting it, and says how much was cut', () => {
    const path = `/a?token=${'x'.repeat(10)}&q=${'y'.repeat(5000)}`;
    const line = requestLine({ ts: T0, ip: '10.0.0.1', method: 'GET', path, status: 200, bytes: 1, latency_ms: 1, user_agent: 'ua' });
    expect(line).toContain('token=[redacted]&q=yyy');
    expect(line).not.toContain('xxxxxxxxxx');
    expect(line).toMatch(new RegExp(`… \\(3,\\d{3} more characters\\)$`));
    expect(line.length).toBeLessThan(MAX_LINE_CHARS + 40);
  });
});

describe('prompts', () => {
  it('summary carries every finding and its next step, and says when nothing has trained', () => {
    const p = summaryPrompt({ dataset: 'simulated logs: 10 requests', slow: [{ text: '/a: avg 1 s.', next: 'look at X.' }], errors: [], hours: [{ text: 'Peak 13:00.' }], alarms: [], detector: null });
    expect(p).toContain('Data: simulated logs: 10 requests');
    expect(p).toContain('- /a: avg 1 s. Next: look at X.');
    expect(p).toContain('Endpoints concentrating 4xx/5xx:\n- (none)');
    expect(p).toContain('- no trained detector yet');
    expect(p).toContain('do not invent numbers');
  });

  it('summary redacts text that comes from the data (routes, file names)', () => {
    const p = summaryPrompt({ dataset: '1 uploaded file: from ops@example.com.log', slow: [{ text: '/reset/:token?key=abc123 avg 1 s.' }], errors: [], hours: [], alarms: [], detector: null });
    expect(p).toContain('Data: 1 uploaded file: from [redacted]\n');
    expect(p).toContain('- /reset/:token?key=[redacted] avg 1 s.');
    expect(p).not.toContain('abc123');
  });

  it('review quotes the lines, the alarm span and its match', () => {
    const alarm: AlarmFinding = { start: T0, end: T0 + 120_000, windows: 2, peak: 3, incident: { incidentId: 'inc-2', kind: 'latency-ramp', phase: 'failure' }, kind: 'latency-ramp', kindGuessed: false, drivers: [{ feature: 'p90_ms', value: 4 }] };
    const p = reviewPrompt({ alarm, detector: 'AutoEncoder', lines: ['line one', 'line two'], selection: 'the slowest requests' });
    expect(p).toContain('2026-01-05 10:00 UTC to 2026-01-05 10:02 UTC');
    expect(p).toContain('labeled latency-ramp incident (failure phase)');
    expect(p).toContain('p90_ms');
    expect(p).toContain(`2 log lines from that span (the slowest requests). In them, ${REDACTION_NOTE}.`);
    expect(p).not.toContain('credentials redacted');
    expect(p).toContain('```\nline one\nline two\n```');
    expect(reviewPrompt({ alarm: { ...alarm, incident: null, drivers: [] }, detector: 'x', lines: [], selection: 's' })).toContain('(no log lines in this span)');
  });

  it('dashboard lists each detector’s metrics with n/a for missing values and the error of one that did not run', () => {
    const row = { name: 'ewma', precision: 0.5, recall: 0.25, f1: 1 / 3, pr_auc: NaN, events_detected: 2, events_total: 4, false_alarms_per_day: 0.5, median_lead_s: 300, oracle_f1: 0.9, error: null } as DetectorResult;
    const p = dashboardPrompt({ panels: ['Explore', 'Evaluate'], windowSec: 60, trainFraction: 0.5, thresholdRule: 'at most 1 alarm/day', detectorSeed: 42, rows: [row, { ...row, name: 'knn', error: 'no failure in training' }] });
    expect(p).toContain('- ewma: precision 0.500, recall 0.250, F1 0.333, PR-AUC n/a, incidents 2/4, false alarms/day 0.50, median lead 5.0 min, oracle F1 0.900');
    expect(p).toContain('- knn: not run (no failure in training)');
    expect(p).toContain('over 60 s windows; detectors train on the first 50 % ');
    expect(p).toContain('Panels: Explore; Evaluate.');
  });

  it('names the simulation seed as the scenario’s and the detectors’ seed as the spec’s', () => {
    const spec = defaultSpec();
    if (spec.source.kind !== 'simulator') throw new Error('default source is not the simulator');
    spec.seed = 42;
    spec.source.scenario.seed = 7;
    const label = sourceLabel(spec.source);
    expect(label).toBe('simulated web-shop logs (simulation seed 7)');
    const summary = summaryPrompt({ dataset: datasetLine(undefined, label), slow: [], errors: [], hours: [], alarms: [], detector: null });
    expect(summary).toContain('Data: simulated web-shop logs (simulation seed 7)');
    expect(summary).not.toContain('42');
    const dash = dashboardPrompt({ panels: ['Explore'], windowSec: 60, trainFraction: 0.5, thresholdRule: 'q', detectorSeed: spec.seed, rows: [] });
    expect(dash).toContain('Detector seed: 42.');
  });
});
