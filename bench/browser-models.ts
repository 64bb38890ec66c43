// Browser measurements of the Models/Evaluate path in the production build (headless Chromium):
// the AutoEncoder's 50 epochs in the model worker, cold start to an evaluated default experiment,
// input latency while models train, and the time from a threshold move to updated metrics.
import type { Page } from '@playwright/test';
import { withBrowserPage } from './browser';
import { defaultSpec } from '../lib/spec/defaults';
import { specToHash } from '../lib/spec/url';
import type { ExperimentSpec } from '../lib/spec/schema';

export const AE_FEATURES = ['requests', 'rate_4xx', 'rate_5xx', 'p50_ms', 'p90_ms', 'p99_ms', 'bytes', 'unique_ips', 'top_ip_share', 'new_ip_ratio', 'route_p90_max', 'route_5xx_max', 'auth_failures', 'auth_invalid_users', 'auth_fail_ips', 'auth_top_ip_failures'];

export interface BrowserModels {
  ae: { rows: number; features: number; fitMs: number; backend: string; epochs: number } | null;
  coldStartMs: number[];
  /** per cold start: ms from navigation start to each step (performance marks set by the page), first occurrence */
  coldStartSteps: Record<string, number>[];
  repeatVisitSteps: Record<string, number>[];
  /** the same, loaded a second time in the same browser context (HTTP cache and compiled-wasm cache warm) */
  repeatVisitMs: number[];
  trainMsDefault: number;
  /** per cold start typed through: every key's latency from the name box's first render until 1 s after the results and the data are both in */
  coldTypingMs: number[][];
  inputLatencyMs: number[];
  thresholdMoveMs: number[];
  rendererPeakMb: number;
  error?: string;
}

/** ms from navigation start to each `harbinger:*` mark (its first occurrence), the page's DOMContentLoaded, and now (metrics shown). */
async function steps(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (nav) out['html received'] = nav.responseEnd;
    if (nav) out['DOMContentLoaded'] = nav.domContentLoadedEventEnd;
    for (const m of performance.getEntriesByType('mark')) {
      if (!m.name.startsWith('harbinger:')) continue;
      const k = m.name.slice('harbinger:'.length);
      if (!(k in out)) out[k] = m.startTime;
    }
    out['metrics shown'] = performance.now();
    return out;
  });
}

async function done(page: Page, timeout = 300_000) {
  await page.locator('[data-testid=models-status][data-phase=done]').waitFor({ timeout });
}

/** AutoEncoder alone, 50 epochs without early stopping, on ~10k training windows × 16 features. */
async function aeRun(page: Page, base: string) {
  const spec: ExperimentSpec = defaultSpec();
  if (spec.source.kind !== 'simulator') throw new Error('default source is not the simulator');
  spec.source.scenario.days = 8;
  spec.models = {
    ...spec.models,
    features: AE_FEATURES,
    detectors: ['autoencoder'],
    trainFraction: 0.87,
    params: { ...spec.models.params, autoencoder: { ...spec.models.params.autoencoder, epochs: 50, validationFraction: 0 } },
  };
  await page.goto(`${base}/${specToHash(spec)}`);
  await done(page);
  const row = page.locator('[data-testid=training-table] tr[data-detector=autoencoder]');
  const fitMs = Number(await row.getAttribute('data-fit-ms'));
  const status = (await page.getByTestId('models-status').textContent()) ?? '';
  const backend = /tfjs (\w+)/.exec(status)?.[1] ?? 'unknown';
  const rows = Number(await page.getByTestId('evaluate-status').getAttribute('data-train-windows'));
  return { rows, features: AE_FEATURES.length, fitMs, backend, epochs: 50 };
}

export async function measureBrowserModels(): Promise<BrowserModels> {
  return withBrowserPage(async (page, base) => {
    // 1. cold start → default experiment evaluated, five fresh pages (the server and browser stay up)
    const coldStartMs: number[] = [];
    const coldStartSteps: Record<string, number>[] = [];
    const repeatVisitSteps: Record<string, number>[] = [];
    let trainMsDefault = NaN;
    for (let i = 0; i < 5; i++) {
      const p = await page.context().browser()!.newPage();
      const t0 = performance.now();
      await p.goto(`${base}/`);
      await done(p);
      coldStartMs.push(performance.now() - t0);
      const at = await steps(p);
      // Explore's data: when the rows are in DuckDB (often after the results show)
      const dataIn = await p
        .waitForFunction(() => performance.getEntriesByName('harbinger:data-in')[0]?.startTime, null, { timeout: 60_000 })
        .then((h) => h.jsonValue())
        .catch(() => undefined);
      if (typeof dataIn === 'number') at['data-in'] = dataIn;
      coldStartSteps.push(at);
      trainMsDefault = Number(await p.getByTestId('models-status').getAttribute('data-elapsed-ms'));
      await p.close();
    }

    // 1a. typing through a cold start: keys into the experiment name from the moment the box exists
    // (20 ms press, 20 ms apart) until a second after the results show and the data is in DuckDB;
    // pages of their own, since typing re-renders the page and slows the start it types through
    const coldTypingMs: number[][] = [];
    for (let i = 0; i < 3; i++) {
      const p = await page.context().browser()!.newPage();
      await p.addInitScript(() => {
        const w = window as unknown as { __lat: number[] };
        w.__lat = [];
        document.addEventListener('keydown', (e) => {
          const t0 = e.timeStamp;
          requestAnimationFrame(() => setTimeout(() => w.__lat.push(performance.now() - t0)));
        }, true);
      });
      await p.goto(`${base}/`);
      const box = p.getByLabel('Experiment name');
      await box.focus();
      const settled = () =>
        p.evaluate(() => {
          // no helper function in here: the bench runner's transpiler would wrap it in a name helper the page lacks
          const data = performance.getEntriesByName('harbinger:data-in')[0]?.startTime;
          const shown = document.querySelector('[data-testid=models-status][data-phase=done]') ? performance.now() : undefined;
          return data !== undefined && shown !== undefined && performance.now() > data + 1000;
        });
      for (let k = 0; k < 2000 && !(await settled()); k++) {
        // the box holds 120 characters: start over every 60 keys
        if (k % 60 === 59) await p.keyboard.press('Control+A', { delay: 20 });
        else await p.keyboard.press('KeyA', { delay: 20 });
      }
      coldTypingMs.push(await p.evaluate(() => (window as unknown as { __lat: number[] }).__lat));
      await p.close();
    }

    // 1b. repeat visit: a second load in the same browser context, HTTP cache and run cache warm
    const repeatVisitMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const ctx = await page.context().browser()!.newContext();
      const first = await ctx.newPage();
      await first.goto(`${base}/`);
      await done(first);
      // the run cache is written just after the results show: a page closed before that leaves nothing to reuse
      await first.waitForFunction(() => performance.getEntriesByName('harbinger:cache-stored').length > 0, null, { timeout: 60_000 }).catch(() => undefined);
      await first.close();
      const p = await ctx.newPage();
      const t0 = performance.now();
      await p.goto(`${base}/`);
      await done(p);
      repeatVisitMs.push(performance.now() - t0);
      repeatVisitSteps.push(await steps(p));
      await ctx.close();
    }

    // BENCH_ONLY=start: the start-up figures alone (a few minutes instead of a quarter of an hour)
    if (process.env.BENCH_ONLY === 'start') {
      return { ae: null, coldStartMs, coldStartSteps, repeatVisitMs, repeatVisitSteps, trainMsDefault, coldTypingMs, inputLatencyMs: [], thresholdMoveMs: [], error: 'not measured (BENCH_ONLY=start)' };
    }

    // 2. threshold move → metrics and charts updated (in-page: input event → next frame after the DOM changed)
    await page.goto(`${base}/`);
    await done(page);
    const thresholdMoveMs: number[] = [];
    for (const [i, frac] of [0.2, 0.5, 0.8, 0.95, 0.6, 0.3, 0.9, 0.4, 0.7, 0.1].entries()) {
      const ms = await page.getByRole('slider', { name: 'Threshold ensemble' }).evaluate(
        (el, f) =>
          new Promise<number>((resolve) => {
            const input = el as HTMLInputElement;
            const table = document.querySelector('[data-testid=metrics-table]')!;
            const target = String(Math.round(Number(input.max) * f));
            const obs = new MutationObserver(() => {
              obs.disconnect();
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
            });
            obs.observe(table, { subtree: true, characterData: true, childList: true, attributes: true });
            const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
            const t0 = performance.now();
            setter.call(input, target);
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }),
        frac,
      );
      if (i > 0) thresholdMoveMs.push(ms); // the first move also compiles the path once
    }

    // 3. input latency while the default detectors + ml-isolation-forest retrain
    const name = page.getByLabel('Experiment name');
    await name.evaluate((el) => {
      const w = window as unknown as { __lat: number[] };
      w.__lat = [];
      el.addEventListener('keydown', (e) => {
        const t0 = e.timeStamp;
        requestAnimationFrame(() => setTimeout(() => w.__lat.push(performance.now() - t0)));
      });
    });
    await page.getByRole('checkbox', { name: 'ml-isolation-forest' }).check();
    await page.getByRole('button', { name: 'Retrain' }).click();
    await page.locator('[data-testid=models-status][data-phase=running]').waitFor();
    await name.fill('');
    await page.evaluate(() => ((window as unknown as { __lat: number[] }).__lat = []));
    const typed: number[] = [];
    while ((await page.getByTestId('models-status').getAttribute('data-phase')) === 'running' && typed.length < 200) {
      await name.pressSequentially('abcdefghij', { delay: 30 });
      typed.push(10);
    }
    const inputLatencyMs = await page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);
    await done(page);

    // 4. the AutoEncoder, 50 epochs, ~10k × 16
    let ae: BrowserModels['ae'] = null;
    let error: string | undefined;
    try {
      // a fresh page: the link must load its own data and train it (not show the previous run)
      const fresh = await page.context().browser()!.newPage();
      ae = await aeRun(fresh, base);
      await fresh.close();
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    return { ae, coldStartMs, coldStartSteps, repeatVisitMs, repeatVisitSteps, trainMsDefault, coldTypingMs, inputLatencyMs, thresholdMoveMs, error };
  });
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};

/** One row per step (in the order of the first run), one column per run: ms from navigation start. */
export function renderStartSteps(title: string, runs: Record<string, number>[]): string {
  if (runs.length === 0) return '';
  const names = Object.entries(runs[0]).sort((a, b) => a[1] - b[1]).map(([k]) => k);
  for (const r of runs) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
  const cell = (v: number | undefined) => (v === undefined ? '–' : Math.round(v).toLocaleString('en-US'));
  return [
    `| ${title}: ms from navigation start | ${runs.map((_, i) => `run ${i + 1}`).join(' | ')} |`,
    `|---|${runs.map(() => '---:').join('|')}|`,
    ...names.map((k) => `| ${k} | ${runs.map((r) => cell(r[k])).join(' | ')} |`),
  ].join('\n');
}

export function renderBrowserModels(b: BrowserModels): string {
  const f = (v: number, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '–');
  const best = Math.min(...b.coldStartMs);
  const median = pct(b.coldStartMs, 0.5);
  const repeatMedian = pct(b.repeatVisitMs, 0.5);
  const typed = b.coldTypingMs.flat();
  return `## Workbench in the browser: training, thresholds, responsiveness

Production build, headless Chromium (bench/browser-models.ts), same machine and run.

| measurement | result | target |
|---|---:|---|
| cold start → default experiment evaluated (page load, engine, 0.66 M simulated requests, features, 5 detectors + ensemble trained) | median ${f(median)} ms, best ${f(best)} ms, runs ${b.coldStartMs.map((x) => f(x)).join(' / ')} ms | ≤ 5,000 ms (median): ${median <= 5000 ? 'met' : 'missed'} |
| repeat visit → default experiment evaluated (a second load in the same browser context: HTTP cache warm) | median ${f(repeatMedian)} ms, best ${f(Math.min(...b.repeatVisitMs))} ms, runs ${b.repeatVisitMs.map((x) => f(x)).join(' / ')} ms | ≤ 3,000 ms (median): ${repeatMedian <= 3000 ? 'met' : 'missed'} |
| input latency typing through a cold start (${typed.length} keys over ${b.coldTypingMs.length} cold starts, from the first render until 1 s after the results and the data are in) | median ${f(pct(typed, 0.5), 1)} ms, p95 ${f(pct(typed, 0.95), 1)} ms, max ${f(Math.max(...typed), 1)} ms; keys over 200 ms: ${typed.filter((x) => x > 200).length} (per start: ${b.coldTypingMs.map((r) => r.filter((x) => x > 200).length).join(' / ')}) | – |
| of which training (features + all detectors in the model worker) | ${f(b.trainMsDefault)} ms | – |
| threshold move → metrics table and charts updated (ensemble slider, ${b.thresholdMoveMs.length} moves) | median ${f(pct(b.thresholdMoveMs, 0.5), 1)} ms, max ${f(Math.max(...b.thresholdMoveMs), 1)} ms | ≤ 50 ms median (issue 11): ${pct(b.thresholdMoveMs, 0.5) <= 50 ? 'met' : 'missed'} |
| input latency while training (${b.inputLatencyMs.length} keys typed into the name field, key event → next frame) | median ${f(pct(b.inputLatencyMs, 0.5), 1)} ms, p95 ${f(pct(b.inputLatencyMs, 0.95), 1)} ms, max ${f(Math.max(...b.inputLatencyMs), 1)} ms | ≤ 100 ms: ${Math.max(...b.inputLatencyMs) <= 100 ? 'met' : pct(b.inputLatencyMs, 0.95) <= 100 ? 'p95 met, max missed' : 'missed'} |
| AutoEncoder 50 epochs in the model worker (tfjs ${b.ae?.backend ?? '–'}) on ${b.ae ? `${b.ae.rows.toLocaleString('en-US')} × ${b.ae.features}` : '–'} simulated windows | ${b.ae ? `${f(b.ae.fitMs)} ms (${f(b.ae.fitMs / 50, 1)} ms/epoch)` : `not measured: ${b.error}`} | ≤ 5,000 ms: ${b.ae ? (b.ae.fitMs <= 5000 ? 'met' : 'missed') : '–'} |

Renderer peak RSS over the run: ${f(b.rendererPeakMb)} MB.

${renderStartSteps('cold start', b.coldStartSteps)}

${renderStartSteps('repeat visit', b.repeatVisitSteps)}
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureBrowserModels();
  console.log(JSON.stringify(r));
  console.log(renderBrowserModels(r));
}
