import { test, expect } from '@playwright/test';

test('Predict: on the default experiment the predictor warns before a ramp, names the incident each warning resembles, and compares with EWMA', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
  const predict = page.getByTestId('predict-cell');
  await expect(predict.getByTestId('predict-learned')).toContainText('Learned from');

  // a failure with a slow run-up, warned before its failure phase started, with a lead
  const leads = predict.getByTestId('predict-leads');
  const warnedRamp = leads.locator('tbody tr[data-warned="true"]').filter({ hasText: /latency-ramp|memory-leak|disk-filling/ });
  await expect(warnedRamp.first()).toBeVisible();
  await expect(warnedRamp.first().locator('td').nth(3)).toHaveText(/\d+(\.\d)? (s|min|h)/);
  // sudden failures are said to be unpredictable, not counted as misses
  await expect(leads.locator('tbody tr[data-status="sudden"]').first()).toContainText('no run-up');
  await expect(predict.getByTestId('predict-kinds')).toContainText('not predictable from these logs');

  // every warning names the past (training) incident it resembles
  const warnings = predict.getByTestId('predict-warnings').locator('tbody tr');
  const n = await warnings.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) await expect(warnings.nth(i).locator('td').nth(3)).toHaveText(/\(inc-\d+, failed /);

  // beside the EWMA baseline, measured the same way; and the calibration check
  await expect(predict.getByTestId('predict-compare').locator('tbody tr')).toHaveCount(2);
  await expect(predict.getByTestId('predict-compare')).toContainText('EWMA alarms');
  await expect(predict.getByTestId('predict-calibration')).toContainText('Brier');
  await expect(predict.getByTestId('predict-calibration').locator('tbody tr').first()).toBeVisible();
  await expect(predict.getByRole('img', { name: /Probability that a failure is coming/ })).toBeVisible();
});
