import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeSpec } from '../lib/spec/url';

let dir: string;

test.beforeAll(() => {
  // two simulated days (one incident in each half) written by the CLI: the user's own logs and labels
  dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-labels-e2e-'));
  execFileSync(process.execPath, ['bin/harbinger.mjs', 'simulate', '--preset', 'web-shop', '--days', '2', '--rps', '0.2', '--seed', '3', '--out', dir], { encoding: 'utf8' });
  writeFileSync(path.join(dir, 'bad-labels.csv'), 'start,end,kind\n2024-03-05T12:46:00Z,soon,outage\n');
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("uploaded logs with the user's labels file: evaluated against them, the link carries them", async ({ page, browser }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await expect(page.getByTestId('sim-summary')).toBeVisible({ timeout: 120_000 });
  await page.getByLabel('Upload log files').setInputFiles(['access.log', 'auth.log', 'metrics.csv'].map((f) => path.join(dir, f)));
  await expect(page.getByTestId('parse-report')).toContainText('access.log');
  const panel = page.getByTestId('labels-panel');
  await expect(panel.getByTestId('labels-summary')).toContainText('No labels');

  // a bad file is refused with its line and reason, nothing changes
  await panel.getByTestId('labels-input').setInputFiles(path.join(dir, 'bad-labels.csv'));
  await expect(panel.getByTestId('labels-error')).toContainText('bad-labels.csv line 2: not an ISO-8601 time: "soon"');
  await expect(panel.getByTestId('labels-summary')).toContainText('No labels');

  await panel.getByTestId('labels-input').setInputFiles(path.join(dir, 'labels.csv'));
  await expect(panel.getByTestId('labels-summary')).toContainText('2 labeled incidents (4 phases) from labels.csv');
  await expect(panel.getByTestId('labels-error')).toHaveCount(0);
  await expect.poll(() => {
    const r = decodeSpec(new URL(page.url()).hash);
    return r.ok && r.spec.source.kind === 'upload' ? r.spec.source.labels?.length : null;
  }).toBe(4);

  // the test span (second day) holds the dependency outage: every detector is scored against it
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
  const ewma = page.getByTestId('metrics-table').locator('tr[data-detector="ewma"]');
  // the Incidents column: detected / labeled incidents in the test span
  await expect(ewma.locator('td').filter({ hasText: /^[01]\/1$/ })).toHaveCount(1);
  const link = page.url();

  // the link opened elsewhere asks for the logs and comes back with the same labels
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId('link-files')).toContainText('access.log');
  await other.getByLabel('Upload log files').setInputFiles(['access.log', 'auth.log', 'metrics.csv'].map((f) => path.join(dir, f)));
  await expect(other.getByTestId('labels-panel').getByTestId('labels-summary')).toContainText('2 labeled incidents (4 phases)');
  await expect(other.getByTestId('models-status')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
  const mine = await ewma.innerText();
  await expect.poll(() => other.getByTestId('metrics-table').locator('tr[data-detector="ewma"]').innerText()).toBe(mine);
  await fresh.close();

  // a range selected on the charts becomes a label; a label can be deleted
  const linkLabels = () => {
    const r = decodeSpec(new URL(page.url()).hash);
    return r.ok && r.spec.source.kind === 'upload' ? (r.spec.source.labels ?? []) : null;
  };
  await page.getByLabel('From (UTC)').fill('2024-03-05 18:00:00');
  await page.getByLabel('To (UTC)').fill('2024-03-05 18:30:00');
  await page.getByLabel('To (UTC)').press('Enter');
  await panel.getByLabel('Kind').fill('slow checkout');
  await expect(panel.getByRole('button', { name: 'Mark the selected range' })).toBeDisabled();
  await panel.getByLabel('Kind').fill('slow-checkout');
  await panel.getByLabel('Phase').selectOption('failure');
  await panel.getByRole('button', { name: 'Mark the selected range' }).click();
  await expect(panel.getByTestId('labels-summary')).toContainText('3 labeled incidents (5 phases)');
  await expect.poll(linkLabels).toContainEqual({ start: Date.UTC(2024, 2, 5, 18, 0), end: Date.UTC(2024, 2, 5, 18, 30), kind: 'slow-checkout', phase: 'failure' });
  await panel.getByRole('button', { name: 'Delete label slow-checkout failure at 2024-03-05T18:00:00Z' }).click();
  await expect(panel.getByTestId('labels-summary')).toContainText('2 labeled incidents (4 phases)');
  await expect.poll(() => linkLabels()?.length).toBe(4);
});
