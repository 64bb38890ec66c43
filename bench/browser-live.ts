// The Live cell's replay speed in the production build (headless Chromium): the default
// experiment trained, then replayed from the start of its test span "as fast as possible" on the
// stream path (engine record slices → incremental featurer → the bundle's stream scorer in the
// live worker) and on the reference path (the batch frame and scores), with keys typed into the
// page meanwhile (key event → next frame) and the page's long tasks counted.
// `npx tsx bench/only.ts live-browser` re-measures this section alone (needs `npx next build`).
import os from 'node:os';
import type { Page } from '@playwright/test';
import { withBrowserPage } from './browser';

interface Replay {
  path: 'stream' | 'batch';
  /** click → first scored window (feature baselines, bundle and warm state, the featurer through the training span's records) */
  prepareMs: number;
  /** click → last window */
  totalMs: number;
  windows: number;
  windowSec: number;
  latencyMs: number[];
  longTasks: { count: number; maxMs: number; totalMs: number };
}

const pct = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function replay(page: Page, path: Replay['path']): Promise<Replay> {
  const live = page.getByTestId('live-cell');
  const status = live.getByTestId('live-status');
  await live.getByRole('radio', { name: path === 'stream' ? /^Live scoring/ : /^Reference/ }).check();
  await live.getByLabel('Replay speed').selectOption('max');
  await live.getByRole('button', { name: 'Start of the test span' }).click();
  const name = page.getByLabel('Experiment name');
  await page.evaluate(() => {
    const w = window as unknown as { __lat: number[]; __long: number[]; __obs?: PerformanceObserver };
    w.__lat = [];
    w.__long = [];
    w.__obs?.disconnect();
    w.__obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration)));
    w.__obs.observe({ type: 'longtask' });
  });
  await name.evaluate((el) => {
    // one listener for all runs
    if (el.dataset.benchListening) return;
    el.dataset.benchListening = '1';
    el.addEventListener('keydown', (e) => {
      const t0 = e.timeStamp;
      const w = window as unknown as { __lat: number[] };
      requestAnimationFrame(() => setTimeout(() => w.__lat.push(performance.now() - t0)));
    });
  });
  const t0 = performance.now();
  await live.getByRole('button', { name: /^(Replay|Restart)$/ }).click();
  await page.locator('[data-testid=live-status]:not([data-windows="0"])').waitFor({ timeout: 300_000 });
  const prepareMs = performance.now() - t0;
  await name.fill('');
  // typing while windows flow, until the replay is done
  for (let i = 0; i < 400 && (await status.getAttribute('data-phase')) === 'running'; i++) await name.pressSequentially('abcdefghij', { delay: 30 });
  await page.locator('[data-testid=live-status][data-phase=done]').waitFor({ timeout: 600_000 });
  const totalMs = performance.now() - t0;
  const windows = Number(await status.getAttribute('data-windows'));
  const { lat, long } = await page.evaluate(() => {
    const w = window as unknown as { __lat: number[]; __long: number[]; __obs?: PerformanceObserver };
    w.__obs?.disconnect();
    return { lat: w.__lat, long: w.__long };
  });
  await name.fill('live bench');
  return {
    path,
    prepareMs,
    totalMs,
    windows,
    windowSec: 60,
    latencyMs: lat,
    longTasks: { count: long.length, maxMs: long.length ? Math.max(...long) : 0, totalMs: long.reduce((a, b) => a + b, 0) },
  };
}

/** What limits the live-scoring path: measured once (see the text), not re-measured by this bench. */
const LIMITS = `
**Target missed on the live-scoring path** (met by the reference path, which does no featuring or scoring). Where the time
goes, measured once in Node on the same code (2 days of the default scenario, 511,404 rows, 1,440 test windows, native DuckDB,
load average 11–15): turning the engine's rows of each slice into JS batches took 9.8–16.0 s, the incremental featurer
0.6 s, the stream scorer 0.1 s (two runs: Isolation Forest, robust z, EWMA and the KNN predictor; the AutoEncoder
alone; whether every detector trained in that run was not checked — \`bench/live-scorer.ts\` measures the scorer at
2.4 ms a window with every default detector, 3.45 s per day of windows in Node, a second limit below the target's 10 s). Fetching only the columns the featurer reads
(lib/jobs/live-slices.ts) and redrawing once a second took the browser from 0.11–0.18 to 0.26–0.41 days per 10 s (load
averages 8–17). What is left: the rows still cross as JS values and are structured-cloned from the engine worker to the live worker,
and the featurer must see the whole training span's records before the first test window (the rolling features and
new_ip_ratio read their history), so a replay of the 3.5-day test span slices all 7 days. Next steps, not done: hand the
slices over as Arrow columns (duckdb-wasm returns Arrow already), and keep the featurer's snapshot at the end of training
with the bundle so a replay starts there.
`;

export async function liveBrowserSection(): Promise<string> {
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const started = new Date().toISOString().slice(0, 16);
  const runs = await withBrowserPage(async (page, base) => {
    await page.goto(`${base}/`);
    await page.locator('[data-testid=models-status][data-phase=done]').waitFor({ timeout: 300_000 });
    const out: Replay[] = [];
    for (const p of ['stream', 'batch', 'stream'] as const) out.push(await replay(page, p));
    return { out };
  });
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const f = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const rows = runs.out.map((r) => {
    const days = (r.windows * r.windowSec) / 86_400;
    const perTen = (ms: number) => (days / ms) * 10_000;
    return `| ${r.path === 'stream' ? 'live scoring (stream)' : 'reference (batch)'} | ${f(r.windows)} (${f(days, 2)} days) | ${f(r.prepareMs / 1000, 1)} s | ${f(r.totalMs / 1000, 1)} s | ${f(r.windows / ((r.totalMs - r.prepareMs) / 1000))} | **${f(perTen(r.totalMs), 2)}** (${f(perTen(r.totalMs - r.prepareMs), 2)} once windows flow) | ${r.latencyMs.length} keys: median ${f(pct(r.latencyMs, 0.5), 1)} ms, p95 ${f(pct(r.latencyMs, 0.95), 1)} ms, max ${f(Math.max(...r.latencyMs), 1)} ms | ${r.longTasks.count} (max ${f(r.longTasks.maxMs)} ms) |`;
  });
  return `## Live mode in the browser: replay speed

Measured ${started} UTC on ${os.cpus().length} × ${cpu}, load average ${load} at the start (shared machine:
other engineers' builds and tests run beside it), headless Chromium, production build (\`bench/browser-live.ts\`). The default
experiment (web shop, 7 days, 1-minute windows, the default detectors) trained, then the Live cell replays its test span from
its start "as fast as possible"; keys are typed into the experiment name meanwhile (key event → next frame), and the page's
long tasks (> 50 ms on the main thread) are counted. Target: ≥ 1 day of the default experiment per 10 s at full speed.
"Prepare" is the time from the click to the first scored window: the feature baselines fitted in the engine, the bundle built
and warmed on the training span in the live worker, and the featurer fed the training span's records (it needs their history).

| path | windows replayed | prepare | click → last window | windows/s once flowing | days per 10 s (click → end) | input latency while replaying | long tasks on the page |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}
${LIMITS}`;
}
