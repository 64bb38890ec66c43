// Browser side of the benchmarks: serve the production build, drive headless Chromium, and
// sample the renderer's peak RSS.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');

async function waitForServer(url: string, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer at ${url}`);
}

/** Peak RSS (VmHWM, MB) of Chromium renderer processes: the tab's page and its dedicated workers live there. */
function rendererPeakMb(): number {
  let peak = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      /* process ended */
    }
  }
  return peak;
}

/**
 * CPU clock ticks (user + system, 1/100 s: Linux USER_HZ) of every thread of the Chromium renderer
 * processes, keyed by pid/tid and thread name. The page and all its dedicated workers are threads of
 * one renderer, so the difference across an upload is what it cost, whatever else the machine runs.
 */
function rendererThreadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        // fields after the parenthesised name: utime and stime are the 12th and 13th
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${pid}/${tid} ${name}`, Number(f[11]) + Number(f[12]));
      }
    } catch {
      /* process ended */
    }
  }
  return out;
}

/** CPU seconds per thread name between two samples (threads that began in between count from 0). */
function cpuSince(before: Map<string, number>): { total: number; byThread: Record<string, number> } {
  const byThread: Record<string, number> = {};
  let total = 0;
  for (const [key, ticks] of rendererThreadTicks()) {
    const s = (ticks - (before.get(key) ?? 0)) / 100;
    if (s <= 0) continue;
    // a thread started during the upload (a parse or hash worker) is told apart from the ones before it
    const name = `${key.slice(key.indexOf(' ') + 1)}${before.has(key) ? '' : ' (new)'}`;
    byThread[name] = Math.round(((byThread[name] ?? 0) + s) * 100) / 100;
    if (name.startsWith('DedicatedWorker')) byThread[`${name} #${key.split(' ')[0]!.split('/')[1]}`] = Math.round(s * 100) / 100;
    total += s;
  }
  return { total, byThread };
}

/** Runs `fn` on a fresh page of a fresh browser against a fresh server; adds the renderer's peak RSS. */
export async function withBrowserPage<T>(fn: (page: Page, base: string) => Promise<T>): Promise<T & { rendererPeakMb: number }> {
  if (!existsSync(path.join(root, '.next/BUILD_ID'))) throw new Error('no production build: run `npx next build` first');
  // several working copies may measure at once: each picks its own port
  const port = Number(process.env.BENCH_PORT ?? 3199);
  // own process group, so stopping it also stops the next-server child (a leftover would serve a stale build)
  const server: ChildProcess = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    stdio: 'ignore',
    detached: true,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  const exe = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  const browser = await chromium.launch({
    executablePath: exe,
    args: exe ? ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] : [],
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(`${base}/`, 60_000);
    const page = await browser.newPage();
    const out = await fn(page, base);
    return { ...out, rendererPeakMb: rendererPeakMb() };
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  }
}

/**
 * Uploads `file` through the real file input once the default experiment is loaded; reads the parse
 * report. `settle`: wait until the default experiment has also trained, so the upload does not share
 * the engine and the cores with feature queries and training (the upload path alone is measured).
 * `parseWorkers` forces the tab's parse worker count (0: the engine parses alone). Returns the
 * engine worker's step timings of a parallel load (lib/jobs/tab-parallel.ts), if it took that path.
 */
export async function browserIngest(file: string, lines: number, settle = false, parseWorkers?: number) {
  return withBrowserPage(async (page, base) => {
    // the tab's own choice unless told (app/clients/engine.ts parseWorkerCount)
    if (parseWorkers !== undefined) await page.addInitScript((n) => localStorage.setItem('harbinger.parseWorkers', String(n)), parseWorkers);
    await page.goto(`${base}/`);
    await page.getByTestId('sim-summary').waitFor({ timeout: 120_000 }); // engine warm, default experiment loaded
    if (settle) await page.locator('[data-testid="models-status"][data-phase="done"]').waitFor({ timeout: 300_000 });
    const cpu0 = rendererThreadTicks();
    const t0 = performance.now();
    await page.getByLabel('Upload log files').setInputFiles(file);
    await page.locator(`[data-testid="parse-report"][data-lines="${lines}"]`).waitFor({ timeout: 600_000 });
    const wallMs = performance.now() - t0;
    const cpu = cpuSince(cpu0);
    const report = page.getByTestId('parse-report');
    let steps: unknown = null;
    for (const w of page.workers()) {
      const marks = await w.evaluate(() => performance.getEntriesByName('harbinger:parallel-ingest').map((m) => (m as PerformanceMark).detail as unknown)).catch(() => []);
      if (marks.length > 0) steps = marks[marks.length - 1];
    }
    return { lines: Number(await report.getAttribute('data-lines')), elapsedMs: Number(await report.getAttribute('data-elapsed-ms')), wallMs, cpuS: cpu.total, cpuByThread: cpu.byThread, steps };
  });
}
