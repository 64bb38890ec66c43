// Big files in the tab (issue 13): a 2 M-line upload streams with steady progress and stops on
// Cancel; an upload past the tab's byte cap is refused before a byte is read, naming the CLI command.
import { test, expect } from '@playwright/test';
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { generateNginx } from '../bench/gen-nginx';
import { uploadAndCancel } from './upload-cancel';

test('a 2 M-line upload shows lines and lines/s as it parses, and Cancel stops it leaving the engine usable', async ({ page }, info) => {
  test.setTimeout(180_000);
  const big = info.outputPath('access-2m.log'); // ≈ 430 MB, generated here, deleted with the test's output
  await generateNginx(big, 2_000_000, 13);

  await uploadAndCancel(page, big);
});

test('an upload over the tab cap (a 2.2 GB file, ≈ 10 M access lines) is refused up front with the reason and the CLI command', async ({ page }, info) => {
  // Sparse: 2.2 GB of size on no disk. The refusal is by size, before reading, so the content never
  // matters; this proves the up-front check and its message, not a 10 M-line load.
  const huge = info.outputPath('access-10m.log');
  const fd = openSync(huge, 'w');
  ftruncateSync(fd, 2_200_000_000);
  closeSync(fd);

  await page.goto('/');
  await expect(page.getByTestId('sim-summary')).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Upload log files').setInputFiles(huge);
  const alert = page.getByRole('alert').filter({ hasText: 'access-10m.log' });
  await expect(alert).toContainText('access-10m.log is 2 GiB, more than the 1.5 GiB a browser tab reads');
  await expect(alert).toContainText('npx harbinger parse --threads 2 access-10m.log');
  // nothing was loaded or started: no progress bar, the simulated week is still the data
  await expect(page.getByTestId('load-progress')).toHaveCount(0);
  await expect(page.getByTestId('sim-summary')).toBeVisible();
});
