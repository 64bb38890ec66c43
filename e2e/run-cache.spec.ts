import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { defaultSpec } from '../lib/spec/defaults';
import { specToHash } from '../lib/spec/url';
import { parseBundle } from '../lib/live/bundle';

async function evaluated(page: Page) {
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done', { timeout: 150_000 });
}

/** the `harbinger:*` marks the page set, by name (without the prefix), ms from navigation start */
async function marks(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('harbinger:')).map((m) => [m.name.slice('harbinger:'.length), m.startTime])));
}

const stored = (page: Page) => page.waitForFunction(() => performance.getEntriesByName('harbinger:cache-stored').length > 0, null, { timeout: 60_000 });

test('a repeat visit shows the evaluated run from this browser\'s cache, equal to the trained one; a changed hyperparameter trains anew', async ({ page, context }) => {
  test.setTimeout(360_000);
  const status = (p: Page) => p.getByTestId('models-status');
  await page.goto('/');
  await evaluated(page);
  await expect(status(page)).toHaveAttribute('data-from', 'trained');
  const table = await page.getByTestId('metrics-table').innerText();
  const kinds = await page.getByTestId('kind-table').innerText();
  await stored(page);
  await page.close();

  // the second visit in the same browser context: the run is read back before the engine is ready
  const again = await context.newPage();
  await again.goto('/');
  await evaluated(again);
  await expect(status(again)).toHaveAttribute('data-from', 'cache');
  await expect(status(again)).toContainText("from this browser's cache");
  expect(await again.getByTestId('metrics-table').innerText()).toBe(table);
  expect(await again.getByTestId('kind-table').innerText()).toBe(kinds);
  const m = await marks(again);
  expect(m['cache-hit'], JSON.stringify(m)).toBeGreaterThan(0);
  // nothing was trained for it
  expect(m.trained).toBeUndefined();
  expect(m['train-start']).toBeUndefined();

  // the data loads behind it (Explore shows) and the run is kept, not trained again
  await expect(again.getByTestId('explore-cell')).toBeVisible({ timeout: 120_000 });
  await again.waitForFunction(() => performance.getEntriesByName('harbinger:cache-kept').length > 0, null, { timeout: 60_000 });
  await expect(status(again)).toHaveAttribute('data-runs', '0');
  await expect(status(again)).toHaveAttribute('data-from', 'cache');
  expect(await again.getByTestId('metrics-table').innerText()).toBe(table);

  // the threshold slider works on the cached run
  const row = again.getByTestId('metrics-table').locator('tr[data-detector="ewma"]');
  const threshold = await row.locator('[data-metric=threshold]').getAttribute('data-value');
  const slider = again.getByRole('slider', { name: 'Threshold ewma' });
  await slider.fill((await slider.getAttribute('max'))!);
  await expect(row.locator('[data-metric=threshold]')).not.toHaveAttribute('data-value', threshold!);
  await expect(again.getByTestId('score-panel-ewma')).toContainText('set by hand');

  // the model bundle is built from the cached run once the data is in
  const button = again.getByTestId('download-model-bundle');
  await expect(button).toBeEnabled({ timeout: 60_000 });
  const [dl] = await Promise.all([again.waitForEvent('download', { timeout: 120_000 }), button.click()]);
  const bundle = parseBundle(readFileSync((await dl.path())!, 'utf8'), 'harbinger-model.json');
  expect(bundle.detectors.map((d) => d.name)).toContain('isolation-forest');
  await again.close();

  // a changed hyperparameter is another run: no hit on the old entry, it trains
  const spec = defaultSpec();
  spec.models.params['isolation-forest'] = { ...spec.models.params['isolation-forest'], trees: spec.models.params['isolation-forest'].trees + 10 };
  const changed = await context.newPage();
  await changed.goto(`/${specToHash(spec)}`);
  await evaluated(changed);
  await expect(status(changed)).toHaveAttribute('data-from', 'trained');
  await expect(status(changed)).toHaveAttribute('data-runs', '1');
  const c = await marks(changed);
  expect(c['cache-hit'], JSON.stringify(c)).toBeUndefined();
  expect(c.trained).toBeGreaterThan(0);
});
