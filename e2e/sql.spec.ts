import { test, expect, type Locator, type Page } from '@playwright/test';

async function loaded(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('sim-summary')).toBeVisible({ timeout: 60_000 });
}

const cell = (page: Page, n: number) => page.getByRole('region', { name: `SQL ${n}`, exact: true });

/** Types a query into a cell and runs it with Ctrl+Enter; resolves once that run has finished. */
async function run(c: Locator, sql: string) {
  await c.getByRole('textbox').fill(sql);
  await c.getByRole('textbox').press('Control+Enter');
  await expect(c.getByTestId('sql-status')).toHaveAttribute('data-running', 'false', { timeout: 30_000 });
}

/** The visible result rows as arrays of cell texts. */
async function rowTexts(c: Locator): Promise<string[][]> {
  return c.getByTestId('sql-row').evaluateAll((rows) =>
    rows
      .map((r) => ({ i: Number(r.getAttribute('aria-rowindex')), cells: [...r.querySelectorAll('[role=cell]')].map((s) => s.textContent ?? '') }))
      .sort((a, b) => a.i - b.i)
      .map((r) => r.cells),
  );
}

test('a new SQL cell runs its query; results are text, typed and cut at 100,000 rows', async ({ page }) => {
  test.setTimeout(120_000);
  await loaded(page);
  await expect(page.getByTestId('sql-tables')).toContainText('requests');
  await expect(page.getByTestId('sql-tables')).toContainText('auth_events');
  await page.getByRole('button', { name: 'Add SQL cell' }).click();
  const c1 = cell(page, 1);
  // the default query runs at once: one row per status, the most frequent first
  await expect(c1.getByTestId('sql-row').first()).toBeVisible({ timeout: 60_000 });
  const statusRows = await rowTexts(c1);
  expect(statusRows.length).toBeGreaterThan(1);
  expect(statusRows[0]![0]).toBe('200');
  const counts = statusRows.map((r) => Number(r[1]));
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  await expect(c1.getByTestId('sql-status')).toHaveText(new RegExp(`^${statusRows.length} rows · \\d[\\d,]* ms$`));

  // typing alone does not run or change the link; Ctrl+Enter does
  const before = page.url();
  await c1.getByRole('textbox').fill("SELECT 40 + 2 AS answer, '<b>bold</b>' AS html, TIMESTAMP '2024-03-01 12:00:00.123456' AS ts, NULL AS nothing");
  await expect(c1).toContainText('edited, not run yet');
  expect(page.url()).toBe(before);
  await c1.getByRole('textbox').press('Control+Enter');
  await expect.poll(() => rowTexts(c1)).toEqual([['42', '<b>bold</b>', '2024-03-01T12:00:00.123456Z', 'NULL']]);
  expect(page.url()).not.toBe(before);
  await expect(c1.getByTestId('sql-result').locator('b')).toHaveCount(0);
  const headers = await c1.getByRole('columnheader').allTextContents();
  expect(headers).toEqual(['answer', 'html', 'ts', 'nothing']);
  await expect(c1.getByRole('cell', { name: '42', exact: true })).toHaveCSS('text-align', 'right');
  await expect(c1.getByRole('cell', { name: '2024-03-01T12:00:00.123456Z', exact: true })).not.toHaveCSS('text-align', 'right');

  // more than 100,000 rows: cut, and said so; the table stays virtual
  await run(c1, 'SELECT range AS i FROM range(150000) ORDER BY i DESC');
  await expect(c1.getByTestId('sql-truncated')).toContainText('cut to the first 100,000');
  await expect(c1.getByTestId('sql-status')).toContainText('100,000+ rows');
  expect((await rowTexts(c1))[0]).toEqual(['149999']);
  expect(await c1.getByTestId('sql-row').count()).toBeLessThan(200);
  await c1.getByTestId('sql-result').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect.poll(async () => (await rowTexts(c1)).at(-1)).toEqual(['50000']);
  // exactly 100,000 rows is not cut
  await run(c1, 'SELECT * FROM range(100000)');
  await expect(c1.getByTestId('sql-status')).toHaveText(/^100,000 rows/);
  await expect(c1.getByTestId('sql-truncated')).toHaveCount(0);
});

test('an SQL error stays in its cell, other cells keep working, and cells can be removed', async ({ page }) => {
  test.setTimeout(120_000);
  await loaded(page);
  await page.getByRole('button', { name: 'Add SQL cell' }).click();
  await page.getByRole('button', { name: 'Add SQL cell' }).click();
  const c1 = cell(page, 1);
  const c2 = cell(page, 2);
  await run(c1, 'SELECT count(*) AS n FROM requests');
  const total = (await rowTexts(c1))[0]![0]!;
  expect(Number(total)).toBeGreaterThan(100_000);

  await run(c2, 'SELECT status,\n  nope FROM requests');
  const err = c2.getByTestId('sql-error');
  await expect(err).toBeVisible();
  await expect(err).toHaveAttribute('role', 'alert');
  await expect(err).toContainText('Referenced column "nope" not found');
  // DuckDB's pointer would show the read-only wrapper, not the user's text: it is left out
  await expect(err).not.toContainText('query(');
  await expect(c2.getByTestId('sql-result')).toHaveCount(0);
  await expect(c1.getByTestId('sql-error')).toHaveCount(0);
  await expect(page.getByTestId('sql-error')).toHaveCount(1);

  // the other cell still runs
  await run(c1, 'SELECT count(*) AS n FROM requests WHERE status >= 500');
  const errors5xx = Number((await rowTexts(c1))[0]![0]);
  expect(errors5xx).toBeGreaterThan(0);
  expect(errors5xx).toBeLessThan(Number(total));
  // statements that change data are refused: DuckDB reads the text as something other than one query
  await run(c2, 'DROP TABLE requests');
  await expect(c2.getByTestId('sql-error')).toContainText('Refused: an SQL cell runs one read-only query');
  await run(c1, 'SELECT count(*) AS n FROM requests');
  await expect.poll(() => rowTexts(c1)).toEqual([[total]]);

  // removing cell 1 leaves the failing cell, now titled SQL 1
  await page.getByRole('button', { name: 'Remove SQL cell 1' }).click();
  await expect(page.getByTestId('sql-cell')).toHaveCount(1);
  await expect(cell(page, 1).getByRole('textbox')).toHaveValue('DROP TABLE requests');
  await expect(cell(page, 1).getByTestId('sql-error')).toBeVisible();
  await page.getByRole('button', { name: 'Remove SQL cell 1' }).click();
  await expect(page.getByTestId('sql-cell')).toHaveCount(0);
});

test('queries and charts ride in the link', async ({ page, context }) => {
  test.setTimeout(120_000);
  await loaded(page);
  await page.getByRole('button', { name: 'Add SQL cell' }).click();
  const c1 = cell(page, 1);
  const query = "SELECT date_trunc('hour', ts) AS hour, count(*) AS n FROM requests GROUP BY ALL ORDER BY hour LIMIT 12";
  await run(c1, query);
  const rows = await rowTexts(c1);
  // few enough rows that all of them are in the DOM (the table is virtual)
  expect(rows.length).toBe(12);
  await expect(c1.getByTestId('sql-status')).toContainText('12 rows');
  expect(rows[0]![0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00\.000Z$/);
  await c1.getByLabel('Chart', { exact: true }).selectOption('line');
  // a first chart picks the time column for x and the count for y
  await expect(c1.getByLabel('x', { exact: true })).toHaveValue('hour');
  await expect(c1.getByLabel('y', { exact: true })).toHaveValue('n');
  await expect(c1.getByTestId('sql-chart').locator('svg').first()).toBeVisible();

  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('sim-summary')).toBeVisible({ timeout: 60_000 });
  const o1 = cell(other, 1);
  await expect(o1.getByRole('textbox')).toHaveValue(query);
  // a query from a link waits for the user's say-so
  await expect(o1.getByTestId('sql-pending')).toBeVisible();
  await expect(o1.getByTestId('sql-row')).toHaveCount(0);
  await other.getByTestId('sql-link-gate').getByRole('button', { name: 'Run it' }).click();
  await expect.poll(() => rowTexts(o1), { timeout: 30_000 }).toEqual(rows);
  await expect(o1.getByLabel('Chart', { exact: true })).toHaveValue('line');
  await expect(o1.getByTestId('sql-chart').locator('svg').first()).toBeVisible();
  await other.close();
});

test('a query cannot reach the network: external access is off', async ({ page }) => {
  test.setTimeout(120_000);
  const outside: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('example.com')) outside.push(r.url());
  });
  await loaded(page);
  await page.getByRole('button', { name: 'Add SQL cell' }).click();
  const c1 = cell(page, 1);
  await run(c1, "SELECT * FROM read_csv('https://example.com/x.csv')");
  const err = c1.getByTestId('sql-error');
  await expect(err).toContainText('disabled by configuration');
  await run(c1, "SELECT * FROM read_csv('/etc/passwd')");
  await expect(err).toContainText(/Permission Error: .*disabled by configuration/);
  // nor load an extension that would
  await run(c1, "SELECT * FROM read_parquet('https://example.com/x.parquet')");
  await expect(err).toContainText('disabled through configuration');
  expect(outside).toEqual([]);
  // the cell works again with a good query
  await run(c1, 'SELECT 1 AS one');
  await expect.poll(() => rowTexts(c1)).toEqual([['1']]);
});

test('result tables follow a threshold move; a cell that does not read them does not re-run', async ({ page }) => {
  test.setTimeout(180_000);
  await loaded(page);
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Add SQL cell' }).click();
  await page.getByRole('button', { name: 'Add SQL cell' }).click();
  const alarms = cell(page, 1);
  const logs = cell(page, 2);
  // the alarms written for ewma, and the threshold scores carries for it
  await run(alarms, "SELECT (SELECT count(*) FROM alarms WHERE detector = 'ewma') AS n, (SELECT max(threshold) FROM scores WHERE detector = 'ewma') AS t");
  await run(logs, 'SELECT count(*) AS n FROM requests');
  const [[n0, t0]] = await rowTexts(alarms);
  const metric = page.getByTestId('metrics-table').locator('tr[data-detector="ewma"] [data-metric=threshold]');
  await page.evaluate(() => {
    const w = window as unknown as { __reruns: number };
    w.__reruns = 0;
    const status = document.querySelectorAll('[data-testid="sql-status"]')[1]!;
    new MutationObserver(() => {
      if (status.getAttribute('data-running') === 'true') w.__reruns++;
    }).observe(status, { attributes: true });
  });
  const slider = page.getByRole('slider', { name: 'Threshold ewma' });
  await slider.fill(await slider.getAttribute('min') as string);
  const shown = await metric.getAttribute('data-value');
  // the threshold column follows the slider; the alarms table has the alarms the metrics count
  await expect.poll(async () => (await rowTexts(alarms))[0]![1], { timeout: 20_000 }).not.toBe(t0);
  const [[n1, t1]] = await rowTexts(alarms);
  expect(Number(t1)).toBeCloseTo(Number(shown), 6);
  // at the bottom of the scale every test window alarms: the alarms merge into fewer, longer events
  expect(Number(n1)).toBeGreaterThanOrEqual(1);
  expect(n1).not.toBe(n0);
  expect(await page.evaluate(() => (window as unknown as { __reruns: number }).__reruns)).toBe(0);
  await expect(logs.getByTestId('sql-status')).toHaveAttribute('data-running', 'false');
});
