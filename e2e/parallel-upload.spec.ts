// The tab's parallel parse (issue 13, lib/jobs/tab-parallel.ts): with parse workers forced on (a
// 2-core machine leaves them off), a log of several slices loads with the same report and rows as
// the engine parsing alone, the engine's step timings show the parallel path ran, and the link
// (which names the file by its SHA-256, hashed in the hash worker) is the same.
import { test, expect, type Page } from '@playwright/test';
import { appendFileSync } from 'node:fs';
import { generateNginx } from '../bench/gen-nginx';
import { uploadAndCancel } from './upload-cancel';

async function upload(page: Page, file: string, parseWorkers: number) {
  await page.addInitScript((n) => localStorage.setItem('harbinger.parseWorkers', String(n)), parseWorkers);
  await page.goto('/');
  await expect(page.getByTestId('sim-summary')).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Upload log files').setInputFiles(file);
  const report = page.getByTestId('parse-report');
  await expect(report).toHaveAttribute('data-lines', '120003', { timeout: 120_000 });
  const attrs = await report.evaluate((el) => ['data-lines', 'data-parsed', 'data-rejected', 'data-warned'].map((a) => el.getAttribute(a)));
  let steps: { slices: number; workers: number } | null = null;
  for (const w of page.workers()) {
    const marks = await w.evaluate(() => performance.getEntriesByName('harbinger:parallel-ingest').map((m) => (m as PerformanceMark).detail as { slices: number; workers: number })).catch(() => []);
    if (marks.length > 0) steps = marks[0]!;
  }
  return { attrs, steps, link: page.url() };
}

test('parse workers give the report the engine gives alone, on a log of several slices with rejects', async ({ browser }, info) => {
  test.setTimeout(240_000);
  const file = info.outputPath('access-120k.log'); // ≈ 26 MB: four 8 MiB slices
  await generateNginx(file, 120_000, 5);
  appendFileSync(file, 'not a log line\n\n10.0.0.1 - - [broken\n');
  const parallel = await upload(await browser.newPage(), file, 2);
  const alone = await upload(await browser.newPage(), file, 0);
  expect(parallel.steps).toMatchObject({ workers: 2 });
  expect(parallel.steps!.slices).toBeGreaterThanOrEqual(3);
  expect(alone.steps).toBeNull();
  expect(parallel.attrs).toEqual(alone.attrs);
  expect(parallel.attrs.slice(2)).toEqual(['3', '0']);
  // the link names the file by its SHA-256 (hashed in the hash worker on one path, in the engine on the other)
  expect(parallel.link).toBe(alone.link);
});

test('with parse workers, a 2 M-line upload shows lines and lines/s as it parses, and Cancel stops it leaving the engine usable', async ({ page }, info) => {
  test.setTimeout(180_000);
  const big = info.outputPath('access-2m.log'); // ≈ 430 MB: 52 slices
  await generateNginx(big, 2_000_000, 17);
  await page.addInitScript(() => localStorage.setItem('harbinger.parseWorkers', '2'));
  await uploadAndCancel(page, big);
});
