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

/** How the live-scoring path got here, measured by hand (see the text), not re-measured by this bench. */
const HISTORY = `
Before 2026-12-05T04:20 the live-scoring path replayed 0.26–0.41 days per 10 s (prepare 5.8–20.9 s, 45–63 windows/s
flowing, load averages 8–17). Where the time went, in Node on the same code (\`npx tsx bench/live-steps.ts N [rows]\`:
duckdb-wasm, the default experiment, one thread): the test span in 16-window slices took 3.4 s (slicing the engine's
records 2.2 s, featurer push 0.1 s, close 0.1 s, stream scorer 1.0 s; load 4), but in 1-window slices 18.5 s, of which
slicing 16.7 s: a slice costs about 3 ms whatever its length (three queries). The replay runner halved its slice
whenever one took over 10 ms (a quarter of its 40 ms tick), and in the browser one slice's fixed cost (three queries,
two messages between workers, a timer) is above that, so slices stayed at 1–2 windows and paid it per window.
Changes, each measured with this bench on the production build (two live-scoring runs each, days per 10 s):

| change | live scoring | prepare | windows/s flowing | load average |
|---|---|---|---|---|
| before (main) | 0.26, 0.41 | 20.9 s, 5.8 s | 45, 63 | 17.0 (and 8–15) |
| runner: a slice grows until it fills the tick (halved only past twice the tick); the next slice is fetched while this one is scored (lib/live/prefetch.ts); typed columns transferred, not copied | 1.57, 1.63 | 4.1 s, 7.4 s | 277, 358 | 6.6–9.3 |
| + slices read from duckdb-wasm's Arrow result as columns (lib/db/arrow-columns.ts), no row objects | 1.73, 3.33 | 4.9 s, 3.3 s | 329, 699 | 8.3–10.4 |
| + the engine feeds the training span to a featurer of its own while the live worker builds the bundle; the replay resumes from its snapshot (lib/live/warm.ts) | 1.76, 2.48 | 5.0 s, 5.6 s | 338, 588 | 8.5–9.4 |
| + that warm-up started when the page hands the engine the slice port | 1.48, 2.14 | 4.5 s, 3.1 s | 264, 379 | 8.2–9.7 |
| the same build again, 05:01 UTC | 1.54, 1.48 | 5.1 s, 5.5 s | 286, 277 | 4.8–9.9 |
| main after the merge, on a quiet machine (nothing else running), 05:22 UTC | 5.24, 4.97 | 2.5 s, 2.4 s | 1,214, 1,087 | 1.6–2.7 |

The first change is the one that counts (the slice rule). Reading Arrow as columns cut slicing in Node 1.3–3× (128-window
slices back to back at load 11–12: the test span's slicing 2.5–2.7 s as row objects, 1.4–2.1 s as columns; the training
span's 1.6–4.0 s against 0.7–1.3 s). Moving the featurer's warm-up to the engine gained nothing measurable at these
loads (the engine feeds 3.5 days in 1.3–2.4 s in Node, about what the live worker took with slices prefetched); it
stays because a replay's slices now start at the test span and the two workers prepare at once. Runs on this shared
machine vary by 2× from one to the next; every live-scoring run since the first change met the target (10 of 10,
1.48–3.33 days per 10 s), none by a wide margin at loads of 8–10; on a quiet machine 5.0–5.2. Under load, keys typed during a live-scoring replay now wait
longer than before (median 17–36 ms against 8 ms, p95 56–254 ms against 65–88 ms). Not profiled; the likely cause is
that the engine and live workers now both run flat out on the 2 cores the page's thread shares, where before they
mostly waited for each other (the page still redraws once a second, and its long tasks per second are about as many
as before: 1.6–2 a second). On the quiet machine (the 05:22 row) keys waited median 16.8 ms, p95 29–31 ms, max 47 ms,
with no long task on the page.
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
  const stream = runs.out.filter((r) => r.path === 'stream').map((r) => (r.windows * r.windowSec) / 86_400 / (r.totalMs / 10_000));
  const verdict = stream.every((d) => d >= 1)
    ? `**Target met** on the live-scoring path in every run here (${stream.map((d) => f(d, 2)).join(' and ')} days per 10 s, click to last window).`
    : `**Target missed** on the live-scoring path in at least one run here (${stream.map((d) => f(d, 2)).join(' and ')} days per 10 s, click to last window).`;
  return `## Live mode in the browser: replay speed

Measured ${started} UTC on ${os.cpus().length} × ${cpu}, load average ${load} at the start (shared machine:
other engineers' builds and tests run beside it), headless Chromium, production build (\`bench/browser-live.ts\`). The default
experiment (web shop, 7 days, 1-minute windows, the default detectors) trained, then the Live cell replays its test span from
its start "as fast as possible"; keys are typed into the experiment name meanwhile (key event → next frame), and the page's
long tasks (> 50 ms on the main thread) are counted. Target: ≥ 1 day of the default experiment per 10 s at full speed.
"Prepare" is the time from the click to the first scored window: the feature baselines fitted in the engine, the bundle built
and warmed on the training span in the live worker, and meanwhile, in the engine worker, the featurer fed the training span's
records (it needs their history).

| path | windows replayed | prepare | click → last window | windows/s once flowing | days per 10 s (click → end) | input latency while replaying | long tasks on the page |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

${verdict}
${HISTORY}`;
}
