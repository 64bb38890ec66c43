import { test, expect, type Page } from '@playwright/test';
import { unzipSync, strFromU8 } from 'fflate';

async function summary(page: Page): Promise<string> {
  return page.getByTestId('sim-summary').innerText();
}

test('the default experiment is a simulated web shop with labeled incidents drawn as bands', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('sim-summary')).toContainText(/Simulated [\d,]+ requests, [\d,]+ auth events and [\d,]+ metric points with \d+ labeled incidents/);
  const incidents = page.getByTestId('incidents-table').getByRole('row');
  // the table is a query of the labels table, answered after the summary (and after the feature frame, which goes first)
  await expect.poll(() => incidents.count()).toBeGreaterThan(3);
  // each labeled phase is a band with a title on the request chart
  const bands = page.getByTestId('panel-requests-over-time').locator('title', { hasText: '· failure' });
  await expect.poll(() => bands.count()).toBeGreaterThan(0);
  await expect(page.getByTestId('panel-endpoints')).toBeVisible();
  await expect(page.getByTestId('panel-auth-over-time')).toBeVisible();
  await expect(page.getByTestId('metric-chart')).toHaveCount(3);
});

test('a seed reproduces the same data; a new seed other data; Back restores the old one', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('sim-summary')).toBeVisible();
  const first = (await summary(page)).replace(/ in [\d,]+ ms\./, '');
  await page.getByRole('button', { name: 'New seed' }).click();
  await expect.poll(async () => (await summary(page)).replace(/ in [\d,]+ ms\./, '')).not.toBe(first);
  await page.goBack();
  await expect.poll(async () => (await summary(page)).replace(/ in [\d,]+ ms\./, '')).toBe(first);
  // a fresh tab with the same link regenerates the same rows
  const link = page.url();
  const other = await page.context().newPage();
  await other.goto(link);
  await expect.poll(async () => (await summary(other)).replace(/ in [\d,]+ ms\./, '')).toBe(first);
});

test('parameters are editable, invalid values are refused with a reason, and the files download', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Quiet week' }).click();
  await expect(page.getByTestId('simulate-cell')).toContainText('None in this scenario');
  const days = page.getByLabel('Days', { exact: true });
  await days.fill('0');
  await days.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Days: a number from' })).toBeVisible();
  await days.fill('1');
  await days.press('Enter');
  const rps = page.getByLabel('Requests/s (mean)');
  await rps.fill('0.5');
  await rps.press('Enter');
  await expect(page.getByTestId('sim-summary')).toContainText(/Simulated [\d,]+ requests/);
  const requests = Number((await summary(page)).match(/Simulated ([\d,]+) requests/)![1].replace(/,/g, ''));
  // 1 day at 0.5 requests/s is about 43,200 visitor requests, plus health checks every 30 s and scanners
  expect(requests).toBeGreaterThan(30_000);
  expect(requests).toBeLessThan(60_000);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download logs + labels (.zip)' }).click()]);
  const bytes = Buffer.concat(await (await download.createReadStream()).toArray());
  const files = unzipSync(new Uint8Array(bytes));
  expect(Object.keys(files).sort()).toEqual(['access.log', 'auth.log', 'incidents.json', 'labels.csv', 'metrics.csv']);
  expect(strFromU8(files['access.log']).trimEnd().split('\n')).toHaveLength(requests);
  expect(strFromU8(files['labels.csv'])).toBe('start,end,kind,phase\n');
  expect(JSON.parse(strFromU8(files['incidents.json']))).toEqual([]);
  expect(strFromU8(files['metrics.csv']).split('\n')[0]).toBe('timestamp,host,cpu_pct,ram_pct,disk_pct');
});
