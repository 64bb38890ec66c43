import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parseBundle } from '../lib/live/bundle';
import { createScorer } from '../lib/live/scorer';
import { DEFAULT_DETECTORS } from '../lib/spec/schema';

test('the Report cell downloads a model bundle that parses, holds the trained models and scores a window', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done', { timeout: 150_000 });
  const box = page.getByTestId('model-bundle');
  const button = box.getByTestId('download-model-bundle');
  await expect(button).toBeEnabled();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), button.click()]);
  expect(dl.suggestedFilename()).toBe('harbinger-model.json');
  const text = readFileSync((await dl.path())!, 'utf8');
  await expect(box.getByTestId('model-bundle-done')).toContainText(/Saved harbinger-model\.json \(\d+ KiB\)/);

  const bundle = parseBundle(text, 'harbinger-model.json');
  const trained = DEFAULT_DETECTORS.filter((d) => d !== 'ensemble');
  // every default detector is in it, or a note says why it is not (the KNN predictor needs a run-up in training)
  for (const d of trained) expect(bundle.detectors.some((b) => b.name === d) || bundle.notes.some((n) => n.startsWith(`${d} is not in the bundle`)), d).toBe(true);
  expect(bundle.ensemble).not.toBeNull();
  expect(bundle.training.data).toMatchObject({ kind: 'simulator' });
  expect(bundle.training.data.what).toContain('web-shop');
  expect(bundle.featureState).toMatchObject({ version: 1, windowSec: 60 });
  expect(bundle.alerts.detectors).toEqual(['ensemble']);
  expect(text).not.toMatch(/GET \/|HTTP\/1\.1|sshd\[|Failed password/);

  // the bundle scores a window in Node as it is: a window at the training medians is not an anomaly
  const scorer = createScorer(bundle);
  const values = Float64Array.from(bundle.scaler.center);
  const step = scorer.step({ start: Date.parse(bundle.training.until) + 86_400_000, values });
  expect(step.detectors.map((d) => d.detector)).toEqual([...bundle.detectors.map((d) => d.name), 'ensemble']);
  for (const d of step.detectors) expect(Number.isFinite(d.score), d.detector).toBe(true);
});
