// Does Chrome serve the DuckDB engine's compiled code from its wasm code cache on a repeat visit?
// Loads the page twice in one browser profile, an incognito-like context (what Playwright's
// newContext gives) and an on-disk profile (what a user's browser is), and reads V8's wasm trace
// events: `wasm.SerializeModule` is a write to the code cache, `wasm.Deserialize…` a hit.
// `BENCH_PORT=3206 npx tsx bench/wasm-cache-probe.ts`
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { withBrowserPage } from './browser';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** two visits in `ctx`: ms from mount to engine ready, and the wasm cache trace events of each */
async function twoVisits(ctx: BrowserContext, base: string) {
  const out: Record<string, unknown> = {};
  for (const visit of ['first', 'repeat']) {
    const p = await ctx.newPage();
    const cdp = await ctx.newCDPSession(p);
    const events: { name: string }[] = [];
    cdp.on('Tracing.dataCollected', (d) => void events.push(...(d.value as { name: string }[])));
    const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await cdp.send('Tracing.start', { categories: 'v8.wasm,disabled-by-default-v8.wasm.detailed,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
    await p.goto(`${base}/`);
    await p.locator('[data-testid=models-status][data-phase=done]').waitFor({ timeout: 300_000 });
    // the code cache is written after tier-up: give it time before the page goes
    if (visit === 'first') await p.waitForTimeout(8_000);
    await cdp.send('Tracing.end');
    await complete;
    const marks = await p.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('harbinger:')).map((m) => [m.name, Math.round(m.startTime)])));
    const names = events.map((e) => e.name).filter((n) => /serializ|^v8\.wasm/i.test(n));
    out[visit] = { engineStartMs: marks['harbinger:engine-ready'] - marks['harbinger:mounted'], cacheEvents: [...new Set(names)].map((n) => `${n} ×${names.filter((x) => x === n).length}`) };
    await p.close();
  }
  return out;
}

async function main() {
  const out = await withBrowserPage(async (page, base) => {
    const ctx = await page.context().browser()!.newContext();
    const incognito = await twoVisits(ctx, base);
    await ctx.close();
    const dir = mkdtempSync(path.join(tmpdir(), 'harbinger-profile-'));
    const exe = '/usr/bin/chromium';
    const persistent = await chromium.launchPersistentContext(dir, { executablePath: exe, args: ARGS });
    try {
      return { incognito, profile: await twoVisits(persistent, base) };
    } finally {
      await persistent.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  console.log(JSON.stringify(out, null, 1));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
