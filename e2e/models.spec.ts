import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultSpec } from '../lib/spec/defaults';
import { decodeSpec, specToHash } from '../lib/spec/url';
import { RUNNABLE_NAMES } from '../lib/eval/names';

const DEFAULT_DETECTORS = ['isolation-forest', 'robust-z', 'ewma', 'autoencoder', 'knn-prefailure', 'ensemble'];
const METRICS = ['threshold', 'precision', 'recall', 'f1', 'pr_auc', 'vus_pr', 'range_precision', 'range_recall', 'false_alarms_per_day', 'median_lead_s', 'oracle_f1'];

async function trained(page: Page) {
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
}

/** Full-precision metric values per detector, as the metrics table holds them. */
async function metricValues(page: Page): Promise<Record<string, Record<string, string>>> {
  return page.getByTestId('metrics-table').evaluate((table) => {
    const out: Record<string, Record<string, string>> = {};
    for (const tr of table.querySelectorAll('tbody tr[data-detector]')) {
      const row: Record<string, string> = {};
      for (const td of tr.querySelectorAll('td[data-metric]')) row[td.getAttribute('data-metric')!] = td.getAttribute('data-value')!;
      out[tr.getAttribute('data-detector')!] = row;
    }
    return out;
  });
}

test('the default experiment trains the default detectors in workers', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await trained(page);
  const rows = page.getByTestId('metrics-table').locator('tbody tr[data-detector]');
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-detector')))).toEqual(DEFAULT_DETECTORS);
  await expect(page.getByTestId('models-status')).toContainText('tfjs wasm');
  // every detector trained (none reports an error) and every incident kind of the test span is listed
  await expect(page.getByTestId('metrics-table').locator('tr[data-error]')).toHaveCount(0);
  await expect(page.getByTestId('kind-table').locator('tbody tr')).toHaveCount(DEFAULT_DETECTORS.length);
});

test('every detector trains in the browser with the same numbers as the CLI for the same seed', async ({ page }) => {
  test.setTimeout(240_000);
  const spec = defaultSpec();
  spec.models.detectors = [...RUNNABLE_NAMES];
  await page.goto(`/${specToHash(spec)}`);
  await trained(page);
  const rows = page.getByTestId('metrics-table').locator('tbody tr[data-detector]');
  await expect(rows).toHaveCount(RUNNABLE_NAMES.length);
  const browser = await metricValues(page);

  // The same experiment through the CLI on native DuckDB: simulated files → parse → evaluate.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-e2e-'));
  try {
    const cli = (...args: string[]) => execFileSync(process.execPath, ['bin/harbinger.mjs', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
    cli('simulate', '--preset', 'web-shop', '--rps', '1', '--out', dir);
    const out = JSON.parse(cli('evaluate', ...['access.log', 'auth.log', 'metrics.csv'].map((f) => path.join(dir, f)), '--labels', path.join(dir, 'labels.csv'), '--detectors', RUNNABLE_NAMES.join(','), '--json'));
    expect(out.detectors.map((d: { name: string }) => d.name)).toEqual([...RUNNABLE_NAMES]);
    for (const d of out.detectors as Record<string, unknown>[]) {
      const name = String(d.name);
      expect(d.error, name).toBeNull();
      for (const m of METRICS) {
        const v = d[m];
        if (name === 'ml-isolation-forest' && m === 'threshold') {
          // measured: the package's scores come out 1 ulp apart between Node 20 and Chromium (cause not
          // isolated; our own forest matches bit for bit), so its threshold is compared to 1e-12
          expect(Math.abs(Number(browser[name][m]) - Number(v)), `${name} ${m}`).toBeLessThanOrEqual(1e-12 * Math.abs(Number(v)));
          continue;
        }
        // the CLI's JSON writes NaN as null; the page writes String(number)
        expect(browser[name][m], `${name} ${m}`).toBe(v === null ? (m === 'median_lead_s' ? 'null' : 'NaN') : String(v));
      }
      expect(browser[name].events, name).toBe(`${d.events_detected}/${d.events_total}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});


test('a threshold slider re-scores the test span without retraining, and lives in the link', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await trained(page);
  const row = page.getByTestId('metrics-table').locator('tr[data-detector="ewma"]');
  const before = await row.locator('[data-metric=false_alarms_per_day]').getAttribute('data-value');
  const threshold = await row.locator('[data-metric=threshold]').getAttribute('data-value');
  const slider = page.getByRole('slider', { name: 'Threshold ewma' });
  const max = await slider.getAttribute('max');
  await slider.fill(max!);
  // the top of the scale: only the highest-scoring window can still alarm
  await expect(row.locator('[data-metric=threshold]')).not.toHaveAttribute('data-value', threshold!);
  await expect.poll(() => row.locator('[data-metric=false_alarms_per_day]').getAttribute('data-value')).not.toBe(before);
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done');
  await expect(page.getByTestId('score-panel-ewma')).toContainText('set by hand');
  // reload: the hand-set threshold comes back from the link
  const link = page.url();
  const other = await page.context().newPage();
  await other.goto(link);
  await trained(other);
  await expect(other.getByTestId('score-panel-ewma')).toContainText('set by hand');
});

test('at laptop width the notebook needs no sideways scrolling, and thresholds move from the keyboard', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await trained(page);
  await expect(page.getByTestId('pr-curves')).toBeVisible();
  // wide tables scroll inside their own box; the page itself does not scroll sideways
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  const row = page.getByTestId('metrics-table').locator('tr[data-detector="ewma"]');
  const before = await row.locator('[data-metric=threshold]').getAttribute('data-value');
  const slider = page.getByRole('slider', { name: 'Threshold ewma' });
  await slider.focus();
  await page.keyboard.press('End');
  await expect(row.locator('[data-metric=threshold]')).not.toHaveAttribute('data-value', before!);
  await expect(page.getByTestId('score-panel-ewma')).toContainText('set by hand');
  // Reset is reachable with Tab and works with Enter
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('score-panel-ewma').getByRole('button', { name: 'Reset' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(row.locator('[data-metric=threshold]')).toHaveAttribute('data-value', before!);
});

test('a choice option (EWMA centre) is edited from the form, rides in the link and retrains', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await trained(page);
  await page.locator('details.params > summary').click();
  const ewma = page.locator('details.params fieldset').filter({ has: page.locator('legend', { hasText: 'EWMA' }) });
  const centre = ewma.getByLabel('centre');
  await expect(centre).toHaveValue('median');
  await centre.selectOption('mean');
  await expect(page.locator('details.params > summary')).toContainText('changed: EWMA');
  await expect.poll(() => {
    const r = decodeSpec(new URL(page.url()).hash);
    return r.ok ? r.spec.models.params.ewma.center : null;
  }).toBe('mean');
  await trained(page);
});
