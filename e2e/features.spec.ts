import { test, expect, type Page } from '@playwright/test';
import { defaultSpec } from '../lib/spec/defaults';
import { decodeSpec, specToHash } from '../lib/spec/url';
import { defaultFeatures } from '../lib/features/catalogue';

// the default experiment's metrics.csv columns
const DEFAULTS = defaultFeatures(['cpu_pct', 'disk_pct', 'ram_pct']);

async function open(page: Page, hash = '') {
  await page.goto(`/${hash}`);
  await expect(page.getByTestId('sim-summary')).toBeVisible({ timeout: 120_000 });
}

/** Window starts of the preview rows, epoch ms. */
async function previewStarts(page: Page): Promise<number[]> {
  return page
    .getByTestId('features-preview')
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-start'))));
}

const gaps = (xs: number[]) => xs.slice(1).map((x, i) => x - xs[i]);

function specOf(page: Page) {
  const hash = new URL(page.url()).hash;
  if (hash === '' || hash === '#') return defaultSpec();
  const r = decodeSpec(hash);
  if (!r.ok) throw new Error(`the page's link does not decode: ${JSON.stringify(r)}`);
  return r.spec;
}

test('the default experiment previews its default features, draws one chart each and their correlations', async ({ page }) => {
  test.setTimeout(180_000);
  await open(page);
  const cell = page.getByTestId('features-cell');
  await expect(cell.getByTestId('features-count')).toHaveText(`${DEFAULTS.length} features selected (the defaults)`);
  const preview = cell.getByTestId('features-preview');
  await expect(preview.locator('tbody tr')).toHaveCount(20);
  // one column per feature after the window start, in the defaults' order
  expect(await preview.locator('thead th').evaluateAll((ths) => ths.slice(1).map((th) => th.firstChild?.textContent))).toEqual(DEFAULTS);
  const starts = await previewStarts(page);
  expect(gaps(starts)).toEqual(Array(19).fill(60_000));
  expect(starts[0] % 60_000).toBe(0);
  // values carry their units: shares as percentages, request times in ms or s
  const col = (id: string) => preview.locator(`tbody td:nth-child(${DEFAULTS.indexOf(id) + 2})`);
  for (const t of await col('rate_5xx').allTextContents()) expect(t).toMatch(/^\d+\.\d %$/);
  for (const t of await col('p50_ms').allTextContents()) expect(t).toMatch(/^\d+(\.\d+)? (ms|s)$/);

  const charts = cell.getByTestId('feature-chart');
  await expect(charts).toHaveCount(DEFAULTS.length);
  expect(await charts.evaluateAll((els) => els.map((el) => el.getAttribute('data-feature')))).toEqual(DEFAULTS);
  // every chart drew its line, from at most 1,000 points, with the incident bands behind it
  for (const chart of await charts.all()) {
    await expect(chart.locator('svg [aria-label="line"] path')).toHaveCount(1);
    expect(Number(await chart.getAttribute('data-points'))).toBeLessThanOrEqual(1000);
    expect(await chart.locator('svg [aria-label="rect"] rect').count()).toBeGreaterThan(0);
  }
  // a week at 1 min is ≈ 10,080 windows: thinned, one peak per bucket
  expect(Number(await charts.first().getAttribute('data-points'))).toBeGreaterThan(900);

  const heatmap = cell.getByTestId('correlation-heatmap');
  const cells = heatmap.locator('svg [aria-label="cell"] rect');
  await expect(cells).toHaveCount(DEFAULTS.length ** 2);
});

test('unticking a feature writes it to the link, updates the cell and marks trained models stale', async ({ page }) => {
  test.setTimeout(240_000);
  await open(page);
  const status = page.getByTestId('models-status');
  await expect(status).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
  const cell = page.getByTestId('features-cell');
  await expect(cell.getByTestId('feature-chart')).toHaveCount(DEFAULTS.length);
  const before = page.url();

  await cell.getByRole('checkbox', { name: 'p90_ms', exact: true }).uncheck();
  await expect.poll(() => page.url()).not.toBe(before);
  expect(specOf(page).models.features).toEqual(DEFAULTS.filter((f) => f !== 'p90_ms'));
  await expect(cell.getByTestId('features-count')).toHaveText(`${DEFAULTS.length - 1} features selected`);
  await expect(cell.getByTestId('feature-chart')).toHaveCount(DEFAULTS.length - 1);
  await expect(cell.locator('[data-testid=feature-chart][data-feature="p90_ms"]')).toHaveCount(0);
  await expect(cell.getByTestId('features-preview').locator('thead th')).toHaveCount(DEFAULTS.length);

  // a feature change does not retrain by itself: the results stay, marked stale, until Retrain
  await expect(page.getByTestId('models-cell')).toContainText('stale until you retrain');
  await expect(status).toHaveAttribute('data-phase', 'done');

  // a change feature comes right after its base feature
  await cell.getByRole('checkbox', { name: 'd:requests', exact: true }).check();
  await expect.poll(() => specOf(page).models.features?.slice(0, 2)).toEqual(['requests', 'd:requests']);
  await expect(cell.locator('[data-testid=feature-chart][data-feature="d:requests"]')).toHaveCount(1);

  await cell.getByRole('button', { name: 'Defaults' }).click();
  await expect.poll(() => specOf(page).models.features).toBeNull();
  await expect(cell.getByTestId('features-count')).toHaveText(`${DEFAULTS.length} features selected (the defaults)`);
  await expect(cell.getByRole('button', { name: 'Defaults' })).toBeDisabled();
  // back to the features the models were trained on: the results are current again
  await expect(page.getByTestId('models-cell')).not.toContainText('stale until you retrain');
});

test('changing the window re-windows the preview and lives in the link', async ({ page }) => {
  test.setTimeout(180_000);
  await open(page);
  const cell = page.getByTestId('features-cell');
  await expect(cell.getByTestId('features-preview').locator('tbody tr')).toHaveCount(20);
  expect(gaps(await previewStarts(page))).toEqual(Array(19).fill(60_000));

  await cell.getByRole('combobox', { name: 'Window' }).selectOption('5m');
  await expect.poll(async () => gaps(await previewStarts(page))).toEqual(Array(19).fill(300_000));
  expect((await previewStarts(page))[0] % 300_000).toBe(0);
  expect(specOf(page).window).toBe('5m');
  await expect(cell).toContainText(/of 2,01\d windows/);

  await cell.getByRole('combobox', { name: 'Window' }).selectOption('1h');
  await expect.poll(async () => gaps(await previewStarts(page))).toEqual(Array(19).fill(3_600_000));
});

test('a metric missing from the data is flagged and constant (– in the heatmap); the last feature stays', async ({ page }) => {
  test.setTimeout(180_000);
  const spec = defaultSpec();
  spec.models.features = ['requests', 'metric_mean:gpu_pct'];
  await open(page, specToHash(spec));
  const cell = page.getByTestId('features-cell');
  await expect(cell.getByTestId('features-count')).toHaveText('2 features selected');
  await expect(cell.getByTestId('feature-picker').locator('fieldset[data-table="missing"]')).toContainText('metric_mean:gpu_pct');
  const heatmap = cell.getByTestId('correlation-heatmap');
  await expect(heatmap.locator('svg [aria-label="cell"] rect')).toHaveCount(4);
  await expect(heatmap).toHaveAttribute('data-constant', 'metric_mean:gpu_pct');
  await expect(heatmap).toContainText('Constant on this data, so r is undefined (–): metric_mean:gpu_pct.');
  // its row and column read –, the requests diagonal reads 1.00
  expect((await heatmap.locator('svg [aria-label="text"] text').allTextContents()).sort()).toEqual(['1.00', '–', '–', '–']);

  // click, not uncheck(): the box leaves the page with its group, so there is no state to re-check
  await cell.getByRole('checkbox', { name: 'metric_mean:gpu_pct', exact: true }).click();
  await expect(cell.getByTestId('features-count')).toHaveText('1 feature selected');
  await expect(cell.getByTestId('feature-picker').locator('fieldset[data-table="missing"]')).toHaveCount(0);
  await expect(cell.getByRole('checkbox', { name: 'requests', exact: true })).toBeDisabled();
  await expect(cell).toContainText('At least one feature must stay selected.');
  await expect(cell.getByTestId('feature-chart')).toHaveCount(1);
  await expect(heatmap.locator('svg [aria-label="cell"] rect')).toHaveCount(1);

  await cell.getByRole('checkbox', { name: 'd:requests', exact: true }).check();
  await expect(cell.getByTestId('feature-chart')).toHaveCount(2);
  await expect(cell.getByRole('checkbox', { name: 'requests', exact: true })).toBeEnabled();
  expect(specOf(page).models.features).toEqual(['requests', 'd:requests']);
});

