// A 2 M-line upload's progress (lines and lines/s moving as it parses) and its Cancel, leaving the
// engine usable: checked with the engine parsing alone (big-upload.spec.ts) and with parse workers.
import { expect, type Page } from '@playwright/test';

/** Opens the page, uploads `file` (2 M lines, named access-2m.log), watches it progress, cancels it and uses the engine after. */
export async function uploadAndCancel(page: Page, file: string): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('sim-summary')).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Upload log files').setInputFiles(file);
  const progress = page.getByTestId('load-progress');
  // the count moves while the file is read (hashing rides along with the parse, no pass before it)
  const lines = async () => Number(/([\d,]+) lines ·/.exec((await progress.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
  await expect(progress).toContainText(/[\d,]+ lines · [\d,]+ lines\/s/, { timeout: 60_000 });
  const first = await lines();
  await expect.poll(lines, { timeout: 30_000 }).toBeGreaterThan(first);
  expect(await lines()).toBeLessThan(2_000_000);
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Loading access-2m.log was cancelled.')).toBeVisible();
  await expect(progress).toHaveCount(0);
  await page.getByRole('button', { name: 'SSH auth.log' }).click();
  await expect(page.getByTestId('parse-report')).toHaveAttribute('data-lines', '1176');
}
