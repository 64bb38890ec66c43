import { test, expect, type Locator, type Page, type Worker } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { generateNginx } from '../bench/gen-nginx';
import { defaultSpec } from '../lib/spec/defaults';
import { packToken } from '../lib/spec/url';

const root = path.join(import.meta.dirname, '..');

async function loaded(page: Page, hash = ''): Promise<number> {
  await page.goto(`/${hash}`);
  const summary = page.getByTestId('sim-summary');
  await expect(summary).toBeVisible({ timeout: 120_000 });
  return Number(await summary.getAttribute('data-requests'));
}

/** The engine worker (DuckDB), told apart from the model worker by the name the page gives it. */
async function engineWorker(page: Page): Promise<Worker> {
  for (const w of page.workers()) if ((await w.evaluate(() => self.name)) === 'harbinger-engine') return w;
  throw new Error('no engine worker');
}

const cell = (page: Page, n: number) => page.getByRole('region', { name: `SQL ${n}`, exact: true });

async function runSql(c: Locator, sql: string) {
  await c.getByRole('textbox').fill(sql);
  await c.getByRole('textbox').press('Control+Enter');
}

/** After a restart: the same simulated data is back, and the engine answers SQL over it. */
async function recovered(page: Page, requests: number) {
  await expect(page.getByTestId('engine-status')).toHaveCount(0, { timeout: 120_000 });
  await expect(page.getByTestId('sim-summary')).toHaveAttribute('data-requests', String(requests), { timeout: 120_000 });
  await page.getByRole('button', { name: 'Add SQL cell' }).click();
  const c = cell(page, (await page.getByTestId('sql-cell').count()));
  await runSql(c, 'SELECT count(*) AS n FROM requests');
  await expect(c.getByTestId('sql-row').first()).toHaveText(String(requests), { timeout: 30_000 });
}

test('served without the engine wasm, the page names the missing file within 10 s', async ({ page }) => {
  await page.route('**/duckdb/*/duckdb-eh.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
  const t0 = Date.now();
  await page.goto('/');
  const status = page.getByTestId('engine-status');
  await expect(status).toHaveAttribute('data-state', 'failed', { timeout: 10_000 });
  expect(Date.now() - t0).toBeLessThan(10_000);
  await expect(status).toContainText(/The data engine could not start: the DuckDB engine file \/duckdb\/\d+\.\d+\.\d+[^/]*\/duckdb-eh\.wasm is missing on the server \(HTTP 404\)/);
  await expect(status).toContainText('npm run build');
  await expect(status.getByRole('button', { name: 'Restart the engine' })).toBeVisible();
  // once the file is back, Restart starts the engine and the default experiment loads
  await page.unroute('**/duckdb/*/duckdb-eh.wasm');
  await status.getByRole('button', { name: 'Restart the engine' }).click();
  await expect(page.getByTestId('sim-summary')).toBeVisible({ timeout: 120_000 });
});

test('a crashed engine offers Restart, which brings the same data back', async ({ page }) => {
  test.setTimeout(360_000);
  const requests = await loaded(page);
  // an uncaught error inside the worker: its `error` event reaches the page
  await (await engineWorker(page)).evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated crash');
    });
  });
  const status = page.getByTestId('engine-status');
  await expect(status).toHaveAttribute('data-cause', 'crash');
  await expect(status).toContainText('The data engine crashed');
  await expect(status).toContainText("re-simulated from the link's scenario");
  await status.getByRole('button', { name: 'Restart the engine' }).click();
  await recovered(page, requests);
});

test('after a crash, Restart reads the uploaded files again from the tab', async ({ page }) => {
  test.setTimeout(360_000);
  await loaded(page);
  await page.getByLabel('Upload log files').setInputFiles([path.join(root, 'test/fixtures/e2e/access-hostile.log'), path.join(root, 'test/fixtures/ingest/auth.log')]);
  const report = page.getByTestId('parse-report');
  await expect(report.getByRole('row')).toHaveCount(3, { timeout: 60_000 });
  const lines = await report.getAttribute('data-lines');
  const status = page.getByTestId('source-cell').locator('.status');
  const rows = await status.innerText();
  expect(rows).toMatch(/^[\d,]+ rows loaded$/);
  await (await engineWorker(page)).evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated crash');
    });
  });
  const banner = page.getByTestId('engine-status');
  await expect(banner).toContainText('your files are read again from this tab');
  await banner.getByRole('button', { name: 'Restart the engine' }).click();
  await expect(banner).toHaveCount(0, { timeout: 120_000 });
  await expect(page.getByTestId('parse-report')).toHaveAttribute('data-lines', String(lines), { timeout: 120_000 });
  await expect(status).toHaveText(rows);
  await page.getByRole('button', { name: 'Add SQL cell' }).click();
  const c = cell(page, 1);
  await runSql(c, "SELECT count(*) AS n FROM requests WHERE source = 'access-hostile.log'");
  await expect(c.getByTestId('sql-row').first()).toHaveText('42', { timeout: 30_000 });
});

test('a worker that dies silently (as on out of memory) is reported within the silence limit and restarts', async ({ page }) => {
  test.setTimeout(360_000);
  const requests = await loaded(page);
  await (await engineWorker(page)).evaluate(() => self.close()).catch(() => undefined);
  const status = page.getByTestId('engine-status');
  await expect(status).toHaveAttribute('data-state', 'unresponsive', { timeout: 25_000 });
  await expect(status).toContainText('has not answered for');
  await status.getByRole('button', { name: 'Restart the engine' }).click();
  await recovered(page, requests);
});

test('a cancelled upload leaves the simulated data as it was, row for row', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = path.join(root, 'test-results/e2e-data');
  mkdirSync(dir, { recursive: true });
  const big = path.join(dir, 'nginx-2m.log');
  if (!existsSync(big)) await generateNginx(big, 2_000_000, 7);
  const requests = await loaded(page);
  const rows = Number(await page.getByTestId('sim-summary').getAttribute('data-rows'));
  await page.getByLabel('Upload log files').setInputFiles(big);
  const progress = page.getByTestId('load-progress');
  // cancelled once rows of the new file have reached the engine
  await expect(progress).toContainText(/[1-9][\d,]{5,} lines/, { timeout: 60_000 });
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('load-cancelled')).toContainText(`Loading nginx-2m.log was cancelled. The data loaded before (${rows.toLocaleString('en-US')} rows) is unchanged.`);
  await page.getByRole('button', { name: 'Add SQL cell' }).click();
  const c = cell(page, 1);
  await runSql(c, "SELECT count(*) AS n, count(*) FILTER (WHERE source = 'nginx-2m.log') AS uploaded, (SELECT count(*) FROM labels) AS labels FROM requests");
  const first = () => c.getByTestId('sql-row').first().locator('[role=cell]').allTextContents();
  await expect.poll(first, { timeout: 30_000 }).toHaveLength(3);
  const [n, uploaded, labels] = await first();
  expect([n, uploaded]).toEqual([String(requests), '0']);
  expect(Number(labels)).toBeGreaterThan(10);
});

// 10^12 rows: minutes of work in the engine, whatever the machine
const ENDLESS = 'SELECT count(*) AS n FROM range(1000000) a, range(1000000) b';

test('a stuck query is cancelled: the engine restarts, the data is reloaded and the query does not run again by itself', async ({ page }) => {
  test.setTimeout(360_000);
  const requests = await loaded(page);
  await page.getByRole('button', { name: 'Add SQL cell' }).click();
  const c = cell(page, 1);
  await expect(c.getByTestId('sql-status')).toHaveAttribute('data-running', 'false', { timeout: 30_000 });
  await runSql(c, ENDLESS);
  await expect(c.getByTestId('sql-status')).toHaveAttribute('data-running', 'true');
  await page.waitForTimeout(1500);
  await c.getByRole('button', { name: 'Cancel SQL 1' }).click();
  await expect(c.getByTestId('sql-error')).toContainText('Cancelled: the engine was restarted to stop the query, and the data reloaded.');
  await recovered(page, requests);
  // the reload bumped the data; the cancelled query stayed stopped
  await expect(c.getByTestId('sql-error')).toContainText('Cancelled');
  await expect(c.getByTestId('sql-status')).toHaveAttribute('data-running', 'false');
});

test('a query past the 30 s time limit is stopped and the page recovers', async ({ page }) => {
  test.setTimeout(420_000);
  const requests = await loaded(page);
  await page.getByRole('button', { name: 'Add SQL cell' }).click();
  const c = cell(page, 1);
  await expect(c.getByTestId('sql-status')).toHaveAttribute('data-running', 'false', { timeout: 30_000 });
  const t0 = Date.now();
  await runSql(c, ENDLESS);
  await expect(c.getByTestId('sql-error')).toContainText('Stopped after 30 s, the time limit for a query', { timeout: 60_000 });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(29_000);
  await recovered(page, requests);
});

test('a crafted scenario link (overlapping incidents, 45 a day for 90 days) shows a message instead of crashing the app', async ({ page }) => {
  test.setTimeout(180_000);
  const link = (edit: (s: ReturnType<typeof defaultSpec>) => void) => {
    const spec = defaultSpec();
    edit(spec);
    return `#s=${packToken(JSON.stringify(spec))}`;
  };
  const overlapping = link((spec) => {
    if (spec.source.kind !== 'simulator') throw new Error('the default experiment is a simulation');
    const start = spec.source.scenario.start;
    spec.source.scenario.incidents.placed = [
      { kind: 'cpu-spike', start: start + 3_600_000, durationMin: 30 },
      { kind: 'error-burst', start: start + 4_500_000, durationMin: 10 },
    ];
  });
  await loaded(page, overlapping);
  await expect(page.getByTestId('spec-error')).toContainText('incidents.placed[1] (error-burst at 2024-03-04T01:15:00Z) overlaps incidents.placed[0]');
  await expect(page.getByTestId('app-error')).toHaveCount(0);

  const crowded = link((spec) => {
    if (spec.source.kind !== 'simulator') throw new Error('the default experiment is a simulation');
    spec.source.scenario.days = 90;
    spec.source.scenario.incidents.rates = [{ kind: 'error-burst', perDay: 45 }];
  });
  const t0 = Date.now();
  await loaded(page, crowded);
  await expect(page.getByTestId('spec-error')).toContainText('at most 1000 incidents per scenario');
  await expect(page.getByTestId('app-error')).toHaveCount(0);
  expect(Date.now() - t0).toBeLessThan(60_000);
});
