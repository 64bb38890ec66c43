import { test, expect, type Page } from '@playwright/test';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');

async function trained(page: Page) {
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
}

/** The metrics table as printed: one line per detector. */
async function printed(page: Page): Promise<string[]> {
  return page.getByTestId('metrics-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
}

test('Copy link: the link opened in a fresh browser context reproduces the metrics table to the printed digits', async ({ page, context, browser }) => {
  test.setTimeout(240_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await trained(page);
  // a non-default choice, so the link carries more than the defaults
  await page.getByLabel('Threshold rule').selectOption({ label: 'quantile 0.995 of training scores' });
  await trained(page);
  await expect(page.getByTestId('models-cell')).not.toContainText('stale until you retrain');
  const table = await printed(page);
  expect(table.length).toBeGreaterThan(3);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByTestId('copy-note')).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());
  expect(link).toMatch(/#s=1\./);
  // the link carries choices only: no log line, IP or user agent from the data
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await trained(other);
  expect(await printed(other)).toEqual(table);
  await expect(other.getByLabel('Threshold rule')).toHaveValue('q0.995');
  await fresh.close();
});

test('a link made from an uploaded file asks for that file and refuses a different one', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const file = path.join(root, 'test/fixtures/e2e/access-hostile.log');
  await page.goto('/');
  await expect(page.getByTestId('sim-summary')).toBeVisible();
  await page.getByLabel('Upload log files').setInputFiles(file);
  await expect(page.getByTestId('parse-report')).toContainText('access-hostile.log');
  await expect.poll(() => page.url()).toContain('#s=1.');
  const link = page.url();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  const ask = other.getByTestId('link-files');
  await expect(ask).toContainText('This link was made from an uploaded file: access-hostile.log');
  await expect(ask).toContainText('SHA-256');
  // the wrong file is refused with a reason, nothing is loaded
  await other.getByLabel('Upload log files').setInputFiles(path.join(root, 'test/fixtures/ingest/auth.log'));
  await expect(other.getByTestId('link-refused')).toContainText('auth.log is not one of the files this link was made from (access-hostile.log)');
  await expect(other.getByTestId('parse-report')).toHaveCount(0);
  // the right file reproduces it
  await other.getByLabel('Upload log files').setInputFiles(file);
  await expect(other.getByTestId('parse-report')).toContainText('access-hostile.log');
  await expect(other.getByTestId('link-refused')).toHaveCount(0);
  await expect(other.getByTestId('link-files')).toHaveCount(0);
  expect(other.url()).toBe(link);
  await fresh.close();
});

test('clicking an alarm opens its drill-down: the features behind it and its log lines; Predict shows warnings', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await trained(page);
  const panel = page.getByTestId('score-panel-ewma');
  await panel.locator('details.alarms summary').click();
  await panel.getByRole('list', { name: 'Alarms of ewma' }).getByRole('button').first().click();
  const drill = page.getByTestId('drilldown');
  await expect(drill).toContainText('Alarm of ewma');
  await expect(drill.getByTestId('drilldown-features').locator('tbody tr')).toHaveCount(8);
  await expect(drill.getByTestId('drilldown-lines').locator('tbody tr').first()).toBeVisible();
  await drill.getByRole('button', { name: 'Close' }).click();
  await expect(drill).toHaveCount(0);
  // the Predict cell: lead per failure of the test span
  const predict = page.getByTestId('predict-cell');
  await expect(predict.getByTestId('predict-leads').locator('tbody tr').first()).toBeVisible();
});
