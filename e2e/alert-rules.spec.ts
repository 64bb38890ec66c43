import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parseBundle } from '../lib/live/bundle';

async function trained(page: Page, url = '/') {
  await page.goto(url);
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done', { timeout: 150_000 });
}

test('alert rules: edited in the Live cell, refused with the field when invalid, carried by the link and the model bundle', async ({ page }) => {
  test.setTimeout(360_000);
  await trained(page);
  const rules = page.getByTestId('live-cell').getByTestId('alert-rules');
  await rules.locator('summary').click();
  await expect(rules.getByTestId('alert-rule')).toHaveCount(2);
  const apply = rules.getByRole('button', { name: 'Apply' });
  await expect(apply).toBeDisabled();

  // an empty value is named, and cannot be applied
  await rules.getByLabel('Rule 1 value').fill('');
  await expect(rules.getByTestId('alert-rule-issues')).toContainText('feature rule 1, value:');
  await expect(apply).toBeDisabled();

  await rules.getByLabel('Rule 1 value').fill('0.02');
  await rules.getByLabel('Cool-down (minutes)').fill('10');
  await rules.getByRole('button', { name: 'Add a feature rule' }).click();
  await rules.getByLabel('Rule 3 kind').selectOption('feature-sum');
  await rules.getByLabel('Rule 3 feature').selectOption('auth_failures');
  await rules.getByLabel('Rule 3 at least').fill('50');
  await rules.getByLabel('Rule 3 minutes').fill('5');
  await expect(rules.getByTestId('alert-rule-issues')).toHaveCount(0);
  const before = page.url();
  await apply.click();
  await expect(rules.locator('summary')).toContainText('3 feature rules, cool-down 10 min');
  await expect.poll(() => page.url()).not.toBe(before);
  // nothing retrains for an alert rule
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done');

  // the model bundle carries them
  const button = page.getByTestId('model-bundle').getByTestId('download-model-bundle');
  await expect(button).toBeEnabled();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), button.click()]);
  const bundle = parseBundle(readFileSync((await dl.path())!, 'utf8'), 'harbinger-model.json');
  expect(bundle.alerts.coolDownMin).toBe(10);
  expect(bundle.alerts.features).toEqual([
    { kind: 'feature', feature: 'rate_5xx', op: '>', value: 0.02, windows: 3 },
    { kind: 'feature-sum', feature: 'auth_top_ip_failures', atLeast: 20, minutes: 10 },
    { kind: 'feature-sum', feature: 'auth_failures', atLeast: 50, minutes: 5 },
  ]);

  // the link reopens with them
  const other = await page.context().newPage();
  await trained(other, page.url());
  const again = other.getByTestId('live-cell').getByTestId('alert-rules');
  await again.locator('summary').click();
  await expect(again.locator('summary')).toContainText('3 feature rules, cool-down 10 min');
  await expect(again.getByLabel('Rule 1 value')).toHaveValue('0.02');
  await expect(again.getByLabel('Rule 3 feature')).toHaveValue('auth_failures');
});
