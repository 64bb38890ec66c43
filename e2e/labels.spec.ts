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
  // the engine answers the upload after the default data's feature query: slow on a busy machine
  await expect(page.getByTestId('parse-report')).toContainText('access.log', { timeout: 120_000 });
  const panel = page.getByTestId('labels-panel');
  await expect(panel.getByTestId('labels-summary')).toContainText('No labels');
  // without labels the cells say what they show (scores, alarms, the alarm budget) and what needs labels
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('no-labels-evaluate')).toContainText('Needs labels: precision, recall');
  await expect(page.getByTestId('no-labels-predict')).toBeVisible();
  await expect(page.getByTestId('no-labels-report')).toContainText('alarms a day');
  await expect(page.getByTestId('report-alarm-budget')).toContainText('every one a false alarm');

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
  // the link's labels are loaded with its files: one training run, not one for the data and one for the labels
  await expect(other.getByTestId('models-status')).toHaveAttribute('data-runs', '1');
  await other.waitForTimeout(2000);
  await expect(other.getByTestId('models-status')).toHaveAttribute('data-runs', '1');
  await expect(other.getByTestId('models-status')).toContainText('run 1 in this tab');
  const mine = await ewma.innerText();
  await expect.poll(() => other.getByTestId('metrics-table').locator('tr[data-detector="ewma"]').innerText()).toBe(mine);
  await fresh.close();

  // a range selected on the charts becomes a label; a label can be deleted
  const linkLabels = () => {
    const r = decodeSpec(new URL(page.url()).hash);
    return r.ok && r.spec.source.kind === 'upload' ? (r.spec.source.labels ?? []) : null;
  };
  await page.getByLabel('From (UTC)', { exact: true }).fill('2024-03-05 18:00:00');
  await page.getByLabel('To (UTC)', { exact: true }).fill('2024-03-05 18:30:00');
  await page.getByLabel('To (UTC)', { exact: true }).press('Enter');
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

  // the same by brushing: a range dragged on the timeline is what "Mark the selected range" labels
  // (charts redraw as labels and results change, so the drag is retried until the range moves)
  const brushed = () => {
    const r = decodeSpec(new URL(page.url()).hash);
    return r.ok ? r.spec.explore.range : null;
  };
  await expect(async () => {
    const brushSvg = page.getByTestId('time-brush').first().locator('svg').last();
    await brushSvg.scrollIntoViewIfNeeded({ timeout: 2_000 });
    const box = (await brushSvg.boundingBox())!;
    await page.mouse.move(box.x + 60, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 60 + (box.width - 80) * 0.2, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    expect(brushed()?.from).not.toBe(Date.UTC(2024, 2, 5, 18, 0));
  }).toPass({ timeout: 30_000 });
  const range = brushed()!;
  await panel.getByLabel('Kind').fill('brushed');
  await panel.getByRole('button', { name: 'Mark the selected range' }).click();
  await expect(panel.getByTestId('labels-summary')).toContainText('3 labeled incidents (5 phases)');
  await expect.poll(linkLabels).toContainEqual({ start: range.from, end: range.to, kind: 'brushed', phase: 'failure' });
  await panel.getByRole('button', { name: /^Delete label brushed failure at / }).click();
  await expect.poll(() => linkLabels()?.length).toBe(4);
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });

  // an alarm of a detector that has one on the test span, opened in the drill-down
  const status = page.getByTestId('models-status');
  let detector = '';
  for (const d of ['ewma', 'robust-z', 'isolation-forest', 'ensemble', 'autoencoder']) {
    const summary = page.getByTestId(`score-panel-${d}`).locator('details.alarms summary');
    if ((await summary.count()) > 0 && !/^0 alarms/.test(await summary.innerText())) {
      detector = d;
      break;
    }
  }
  expect(detector, 'a detector with an alarm on the test span').not.toBe('');
  const row = page.getByTestId('metrics-table').locator(`tr[data-detector="${detector}"]`);
  const events = row.locator('td[data-metric="events"]');
  await expect(events).toHaveAttribute('data-value', /\/1$/);
  const openAlarm = async () => {
    const scorePanel = page.getByTestId(`score-panel-${detector}`);
    const details = scorePanel.locator('details.alarms');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    await scorePanel.getByRole('list', { name: `Alarms of ${detector}` }).getByRole('button').first().click();
    return page.getByTestId('drilldown');
  };
  const linkReviews = () => {
    const r = decodeSpec(new URL(page.url()).hash);
    return r.ok && r.spec.source.kind === 'upload' ? (r.spec.source.reviews ?? []) : null;
  };

  // dismissed: shown as such, in the link, counted in the Report, and the metrics stay as they were
  const before = await row.innerText();
  const runs = await status.getAttribute('data-runs');
  const drill = await openAlarm();
  await drill.getByRole('button', { name: 'False alarm' }).click();
  await expect(drill.getByTestId('alarm-verdict')).toHaveAttribute('data-verdict', 'false-alarm');
  await expect(drill.getByTestId('alarm-verdict-text')).toContainText('Dismissed as a false alarm');
  await expect(page.getByRole('list', { name: `Alarms of ${detector}` }).locator('li').first()).toHaveAttribute('data-verdict', 'false-alarm');
  await expect(page.getByRole('list', { name: `Alarms of ${detector}` }).locator('li').first()).toContainText('dismissed');
  await expect.poll(linkReviews).toEqual([expect.objectContaining({ detector, verdict: 'false-alarm' })]);
  await expect(page.getByTestId('report-reviews')).toHaveAttribute('data-dismissed', '1');
  expect(await row.innerText()).toBe(before);
  expect(await status.getAttribute('data-runs')).toBe(runs);

  // confirmed instead: the alarm becomes a labeled failure, in the labels table, and every metric counts it
  await drill.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(linkReviews).toEqual([]);
  await drill.getByLabel('Kind').fill('confirmed-alarm');
  await drill.getByRole('button', { name: 'This was an incident' }).click();
  await expect(panel.getByTestId('labels-table')).toContainText('confirmed-alarm');
  await expect(panel.getByTestId('labels-summary')).toContainText('3 labeled incidents (5 phases)');
  await expect.poll(linkReviews).toEqual([expect.objectContaining({ detector, verdict: 'incident' })]);
  await expect(page.getByTestId('report-reviews')).toHaveAttribute('data-confirmed', '1');
  await expect(status).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
  await expect(events).toHaveAttribute('data-value', /\/2$/, { timeout: 120_000 });
  await expect(page.getByTestId('kind-table').locator('thead')).toContainText('confirmed-alarm');

  // edited in place: a bad end is refused with its reason; a new kind re-scores the incidents per kind
  await panel.getByRole('button', { name: /^Edit label confirmed-alarm failure/ }).click();
  const edit = panel.getByTestId('label-edit');
  await edit.getByLabel('Label end (UTC)').fill('2024-03-01T00:00:00Z');
  await edit.getByRole('button', { name: 'Save label' }).click();
  await expect(panel.getByTestId('label-edit-errors')).toContainText('is not after start');
  await edit.getByLabel('Label end (UTC)').fill(await edit.getByLabel('Label start (UTC)').inputValue().then((s) => new Date(Date.parse(s) + 15 * 60_000).toISOString()));
  await edit.getByLabel('Label kind').fill('edited-kind');
  await edit.getByRole('button', { name: 'Save label' }).click();
  await expect(panel.getByTestId('label-edit')).toHaveCount(0);
  await expect(panel.getByTestId('labels-table')).toContainText('edited-kind');
  await expect.poll(() => linkLabels()?.some((l) => l.kind === 'edited-kind')).toBe(true);
  await expect(status).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('kind-table').locator('thead')).toContainText('edited-kind', { timeout: 120_000 });
  await expect(page.getByTestId('kind-table').locator('thead')).not.toContainText('confirmed-alarm');
});
