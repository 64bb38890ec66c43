import { test, expect, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { packToken } from '../lib/spec/url';

const FIXTURE = path.join(import.meta.dirname, '../test/fixtures/e2e/access-hostile.log');

async function upload(page: Page, file: string) {
  await page.getByLabel('Upload log files').setInputFiles(file);
  const report = page.getByTestId('parse-report');
  await expect(report).toHaveAttribute('data-lines', /\d+/);
  return report;
}

/** Drags from the left edge of a chart's plot area across `fraction` of its width. */
async function dragAcross(page: Page, svg: Locator, fraction: number) {
  await svg.scrollIntoViewIfNeeded();
  const box = (await svg.boundingBox())!;
  await page.mouse.move(box.x + 60, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 60 + (box.width - 80) * fraction, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
}

async function requestsCard(page: Page): Promise<number> {
  const text = await page.getByTestId('card-requests').locator('.value').innerText();
  return Number(text.replace(/[^\d]/g, ''));
}

test('the web access sample opens with its parse report and panels', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Web access log' }).click();
  const report = page.getByTestId('parse-report');
  await expect(report).toHaveAttribute('data-lines', '15204');
  await expect(report).toHaveAttribute('data-rejected', '0');
  await expect(report).toHaveAttribute('data-warned', '1');
  await expect(page.getByTestId('panel-requests-over-time').locator('svg').first()).toBeVisible();
  await expect.poll(() => requestsCard(page)).toBe(15204);
});

test('upload: parse report, rejected lines with line numbers, panels, hostile text stays text', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto('/');
  await expect(page.getByTestId('sim-summary')).toBeVisible();
  const report = await upload(page, FIXTURE);
  await expect(report).toHaveAttribute('data-lines', '43');
  // 41 clean + 1 warned (a cut-short user agent) + 1 rejected = 43 lines
  await expect(report).toHaveAttribute('data-parsed', '41');
  await expect(report).toHaveAttribute('data-rejected', '1');
  await expect(report).toHaveAttribute('data-warned', '1');
  expect(Number(await report.getAttribute('data-elapsed-ms'))).toBeGreaterThanOrEqual(0);

  await page.getByRole('button', { name: 'Show rejected lines' }).click();
  const rejects = page.getByTestId('parse_rejects-table');
  await expect(rejects.getByRole('row')).toHaveCount(2);
  await expect(rejects.getByRole('cell', { name: '21', exact: true })).toBeVisible();
  await expect(rejects).toContainText('this is not an access log line');
  await page.getByRole('button', { name: 'Show damaged lines' }).click();
  const warnings = page.getByTestId('parse_warnings-table');
  await expect(warnings.getByRole('cell', { name: '31', exact: true })).toBeVisible();
  await expect(warnings).toContainText('user agent has no closing quote');

  // the rejected lines download as CSV and parse back
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download rejected lines (CSV)' }).click()]);
  const csv = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(csv).toString('utf8')).toBe('source,line,reason,text\r\naccess-hostile.log,21,"missing timestamp ""[...]""",this is not an access log line\r\n');

  await expect.poll(() => requestsCard(page)).toBe(42);
  await expect(page.getByTestId('panel-endpoints')).toContainText('/api/users/:id');
  await expect(page.getByTestId('panel-top-ips')).toContainText('10.0.0.1');
  await expect(page.getByTestId('panel-heatmap').locator('svg').first()).toBeVisible();

  // the hostile line: its markup is visible as text and never executed
  const raw = page.getByTestId('raw-log');
  await expect(raw).toContainText('/<script>window.__pwned=1</script>');
  await expect(raw).toContainText('<img src=x onerror=window.__pwned=2>');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('main script, main img[src="x"]').count()).toBe(0);
  expect(dialogs).toEqual([]);

  // the spec in the URL names the file but carries no log content
  expect(decodeURIComponent(page.url())).not.toContain('pwned');
});

test('the time brush filters every panel, lives in the URL and undoes with Back', async ({ page }) => {
  await page.goto('/');
  await upload(page, FIXTURE);
  await expect.poll(() => requestsCard(page)).toBe(42);
  const before = page.url();

  // drag across the left part of the plot area
  await dragAcross(page, page.getByTestId('time-brush').locator('svg').last(), 0.3);

  await expect.poll(() => requestsCard(page)).toBeLessThan(42);
  const filtered = await requestsCard(page);
  expect(filtered).toBeGreaterThan(0);
  await expect(page.getByTestId('raw-log')).toContainText(`${filtered} rows`);
  expect(page.url()).not.toBe(before);

  await page.goBack();
  await expect.poll(() => requestsCard(page)).toBe(42);
  await page.goForward();
  await expect.poll(() => requestsCard(page)).toBe(filtered);

  await page.getByRole('button', { name: 'Reset range' }).click();
  await expect.poll(() => requestsCard(page)).toBe(42);
});

test('a tampered link shows a clear message and falls back to the default experiment', async ({ page }) => {
  await page.goto('/#s=1.this-is-not-a-valid-spec!!');
  await expect(page.getByTestId('spec-error')).toBeVisible();
  await expect(page.getByTestId('spec-error')).toContainText('default experiment');
  await expect(page.getByTestId('sim-summary')).toBeVisible();
});

test('a v1 link with KNN matcher options says which were dropped, and the notice dismisses', async ({ page }) => {
  const v1 = { v: 1, models: { params: { 'knn-prefailure': { k: 7, warnAt: 0.5 } } } };
  await page.goto(`/#s=${packToken(JSON.stringify(v1))}`);
  const notice = page.getByTestId('spec-warnings');
  await expect(notice).toContainText("this link's k, warnAt settings were dropped");
  await expect(page.getByTestId('spec-error')).toHaveCount(0);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});

test('the auth sample shows failed logins, brute-force IPs and the daily table', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'SSH auth.log' }).click();
  await expect(page.getByTestId('parse-report')).toHaveAttribute('data-lines', '1176');
  await expect(page.getByTestId('panel-brute-force')).toContainText('185.220.101.45');
  await expect(page.getByTestId('panel-auth-daily')).toContainText('2026-03-03');

  // the auth timeline carries the brush too: select the morning, before the 14:00 attack
  await dragAcross(page, page.getByTestId('panel-auth-over-time').locator('svg').last(), 0.4);
  await expect(page.getByTestId('explore-cell')).toContainText('in range');
  await expect(page.getByTestId('panel-brute-force')).toContainText('No data in this range.');
});

test('the metrics sample draws one chart per metric', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Host metrics CSV' }).click();
  await expect(page.getByTestId('parse-report')).toHaveAttribute('data-lines', '5761');
  await expect(page.getByTestId('metric-chart')).toHaveCount(3);
});

test('the time range works from the keyboard, and cells collapse from the keyboard', async ({ page }) => {
  await page.goto('/');
  await upload(page, FIXTURE);
  await expect.poll(() => requestsCard(page)).toBe(42);
  await page.getByLabel('From (UTC)', { exact: true }).fill('2026-03-01 10:00:00');
  await page.getByLabel('To (UTC)', { exact: true }).fill('2026-03-01 10:30:00');
  await page.getByLabel('To (UTC)', { exact: true }).press('Enter');
  // 10:00 … 10:27 → i = 0..9 (10 lines); the hostile line is at 10:35
  await expect.poll(() => requestsCard(page)).toBe(10);
  await page.getByLabel('From (UTC)', { exact: true }).fill('yesterday');
  await page.getByRole('button', { name: 'Apply range' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'YYYY-MM-DD' })).toBeVisible();

  const collapse = page.getByRole('button', { name: 'Collapse Explore' });
  await collapse.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Expand Explore' })).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('summary-cards')).toBeHidden();
});
