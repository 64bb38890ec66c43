import { test, expect } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { generateNginx } from '../bench/gen-nginx';

const root = path.join(import.meta.dirname, '..');

test('several files of different formats load together, each with its own source', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Upload log files').setInputFiles([
    path.join(root, 'test/fixtures/e2e/access-hostile.log'),
    path.join(root, 'test/fixtures/ingest/auth.log'),
    path.join(root, 'test/fixtures/ingest/metrics-host.csv'),
  ]);
  const report = page.getByTestId('parse-report');
  await expect(report.getByRole('row')).toHaveCount(4);
  await expect(report).toContainText('access-hostile.log');
  await expect(report).toContainText('metrics-csv');
  await expect(page.getByTestId('panel-endpoints')).toBeVisible();
  await expect(page.getByTestId('panel-failed-logins')).toBeVisible();
  await expect(page.getByTestId('metric-chart').first()).toBeVisible();
});

test('a long upload shows progress with lines/s and can be cancelled', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = path.join(root, 'test-results/e2e-data');
  mkdirSync(dir, { recursive: true });
  const big = path.join(dir, 'nginx-2m.log');
  if (!existsSync(big)) await generateNginx(big, 2_000_000, 7);

  await page.goto('/');
  await expect(page.getByTestId('sim-summary')).toBeVisible();
  await page.getByLabel('Upload log files').setInputFiles(big);
  const progress = page.getByTestId('load-progress');
  await expect(progress).toContainText(/[\d,]+ lines · [\d,]+ lines\/s/);
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Loading nginx-2m.log was cancelled.')).toBeVisible();
  await expect(progress).toHaveCount(0);
  // the engine stays usable: a sample loads afterwards
  await page.getByRole('button', { name: 'SSH auth.log' }).click();
  await expect(page.getByTestId('parse-report')).toHaveAttribute('data-lines', '1176');
});

test('a file in no known format fails with a message naming the file and the way out', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('sim-summary')).toBeVisible();
  await page.getByLabel('Upload log files').setInputFiles(path.join(root, 'test/fixtures/e2e/hdfs-unknown.log'));
  const alert = page.getByRole('alert').filter({ hasText: 'hdfs-unknown.log' });
  await expect(alert).toContainText('cannot detect the log format');
  await expect(alert).toContainText('Choose the format by hand');
});
