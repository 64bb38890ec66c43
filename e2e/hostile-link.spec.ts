import { test, expect, type Locator, type Page } from '@playwright/test';
import { specToHash } from '../lib/spec/url';
import { defaultSpec } from '../lib/spec/defaults';
import { corpusSpecs, hostileLinks } from '../test/support/hostile';

const cell = (page: Page, n: number) => page.getByRole('region', { name: `SQL ${n}`, exact: true });

/** Every table's rows, a hash of the label and request rows, the objects a query could add, and the settings. */
const STATE_SQL = `SELECT
  (SELECT count(*) FROM requests) AS requests, (SELECT count(*) FROM auth_events) AS auth_events, (SELECT count(*) FROM metrics) AS metrics,
  (SELECT count(*) FROM labels) AS labels, (SELECT count(*) FROM parse_rejects) AS rejects, (SELECT count(*) FROM parse_warnings) AS warnings,
  (SELECT bit_xor(hash(x)) FROM labels x)::VARCHAR AS labels_hash, (SELECT bit_xor(hash(x)) FROM requests x)::VARCHAR AS requests_hash,
  (SELECT count(*) FROM duckdb_views() WHERE NOT internal) AS views, (SELECT count(*) FROM duckdb_tables() WHERE temporary) AS temp_tables,
  (SELECT count(*) FROM duckdb_functions() WHERE NOT internal) AS macros, (SELECT count(*) FROM duckdb_databases()) AS databases,
  (SELECT md5(string_agg(name || '=' || coalesce(value::VARCHAR, ''), ',' ORDER BY name)) FROM duckdb_settings()) AS settings`;

async function rowTexts(c: Locator): Promise<string[][]> {
  return c.getByTestId('sql-row').evaluateAll((rows) =>
    rows
      .map((r) => ({ i: Number(r.getAttribute('aria-rowindex')), cells: [...r.querySelectorAll('[role=cell]')].map((s) => s.textContent ?? '') }))
      .sort((a, b) => a.i - b.i)
      .map((r) => r.cells),
  );
}

async function settled(c: Locator) {
  await expect(c.getByTestId('sql-status')).toHaveAttribute('data-running', 'false', { timeout: 60_000 });
}

/** Runs STATE_SQL in cell `c` (typed here, so it runs at once) and returns its one row. */
async function engineState(c: Locator): Promise<string[]> {
  await c.getByRole('textbox').fill(STATE_SQL);
  await c.getByRole('button', { name: /^Run SQL/ }).click();
  await settled(c);
  await expect(c.getByTestId('sql-row')).toHaveCount(1);
  return (await rowTexts(c))[0]!;
}

for (const [k, { spec, queries }] of corpusSpecs(19).entries()) {
  test(`link SQL waits for "Run them", then every bypass ends in a message and no table changes (part ${k + 1})`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto(`/${specToHash(spec)}`);
    await expect(page.getByTestId('sim-summary')).toBeVisible({ timeout: 60_000 });
    const gate = page.getByTestId('sql-link-gate');
    await expect(gate).toContainText(`This link holds ${queries.length} queries`);
    await expect(page.getByTestId('sql-cell')).toHaveCount(queries.length);
    for (let i = 1; i <= queries.length; i++) {
      await expect(cell(page, i).getByTestId('sql-status')).toHaveAttribute('data-waiting', 'true');
      await expect(cell(page, i).getByTestId('sql-pending')).toBeVisible();
    }
    // nothing ran: no result and no error anywhere
    await expect(page.getByTestId('sql-result')).toHaveCount(0);
    await expect(page.getByTestId('sql-error')).toHaveCount(0);

    // a cell the user adds and types into runs at once; it measures the engine before and after
    await page.getByRole('button', { name: 'Add SQL cell' }).click();
    const probe = cell(page, queries.length + 1);
    const before = await engineState(probe);
    expect(Number(before[3])).toBeGreaterThan(0); // labels
    await expect(gate).toBeVisible();

    await gate.getByRole('button', { name: 'Run them' }).click();
    await expect(gate).toHaveCount(0);
    for (const [i, q] of queries.entries()) {
      const c = cell(page, i + 1);
      await settled(c);
      const err = c.getByTestId('sql-error');
      switch (q.expect) {
        case 'refused':
          await expect(err, q.name).toContainText(/^(Refused: |The query is empty\.)/);
          if (q.message) await expect(err, q.name).toContainText(q.message);
          break;
        case 'error':
          await expect(err, q.name).toContainText(q.message!);
          break;
        case 'capped':
          await expect(c.getByTestId('sql-truncated'), q.name).toContainText('cut to the first 100,000');
          await expect(err).toHaveCount(0);
          break;
        case 'runs':
          await expect(err, q.name).toHaveCount(0);
          await expect(c.getByTestId('sql-row'), q.name).toHaveCount(q.rows!.length);
          break;
      }
    }
    expect(await engineState(probe)).toEqual(before);
  });
}

test('tampered, oversized, newer-version and invalid links say so and open the default experiment with no SQL', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await expect(page.getByTestId('sim-summary')).toBeVisible({ timeout: 60_000 });
  for (const link of hostileLinks()) {
    await page.goto(`/${link.hash}`);
    const err = page.getByTestId('spec-error');
    await expect(err, link.name).toBeVisible();
    await expect(err, link.name).toContainText('default experiment');
    await expect(page.getByTestId('sim-summary')).toBeVisible();
    await expect(page.getByTestId('sql-cell')).toHaveCount(0);
  }
});

test('a query approved in this tab runs again after back/forward and a reload; a new link’s query waits', async ({ page }) => {
  test.setTimeout(240_000);
  const one = (query: string) => specToHash({ ...defaultSpec(), sql: [{ id: 'q1', query, chart: { mark: 'none', x: null, y: null, color: null } }] });
  await page.goto(`/${one('SELECT 41 + 1 AS answer')}`);
  await expect(page.getByTestId('sim-summary')).toBeVisible({ timeout: 60_000 });
  const c1 = cell(page, 1);
  await expect(page.getByTestId('sql-link-gate')).toContainText('This link holds 1 query');
  // the cell's own Run button is the user's say-so too
  await c1.getByRole('button', { name: 'Run SQL 1' }).click();
  await expect.poll(() => rowTexts(c1), { timeout: 60_000 }).toEqual([['42']]);
  await expect(page.getByTestId('sql-link-gate')).toHaveCount(0);

  await c1.getByRole('textbox').fill('SELECT 7 AS typed');
  await c1.getByRole('textbox').press('Control+Enter');
  await expect.poll(() => rowTexts(c1), { timeout: 60_000 }).toEqual([['7']]);
  await page.goBack();
  await expect.poll(() => rowTexts(c1), { timeout: 60_000 }).toEqual([['42']]);
  await expect(page.getByTestId('sql-link-gate')).toHaveCount(0);
  // a reload of this tab remembers what the user approved here
  await page.reload();
  await expect(page.getByTestId('sim-summary')).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => rowTexts(c1), { timeout: 60_000 }).toEqual([['42']]);
  await expect(page.getByTestId('sql-link-gate')).toHaveCount(0);

  // a link pasted into this tab: its query was never approved here
  await page.goto(`/${one('SELECT 99 AS pasted')}`);
  await expect(page.getByTestId('sql-link-gate')).toContainText('This link holds 1 query');
  await expect(c1.getByTestId('sql-pending')).toBeVisible();
  await expect(c1.getByTestId('sql-row')).toHaveCount(0);
  await page.getByTestId('sql-link-gate').getByRole('button', { name: 'Run it' }).click();
  await expect.poll(() => rowTexts(c1), { timeout: 60_000 }).toEqual([['99']]);
});
