import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const METRICS = ['threshold', 'precision', 'recall', 'f1', 'pr_auc', 'vus_pr', 'range_precision', 'range_recall', 'false_alarms_per_day', 'median_lead_s', 'oracle_f1'];
const cli = (...args: string[]) => execFileSync(process.execPath, [path.join(root, 'bin/harbinger.mjs'), ...args], { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20 });

type Metrics = Record<string, Record<string, string>>;

/** Full-precision metric values per detector, as the metrics table holds them. */
function metricValues(page: Page): Promise<Metrics> {
  return page.getByTestId('metrics-table').evaluate((table) => {
    const out: Record<string, Record<string, string>> = {};
    for (const tr of table.querySelectorAll('tbody tr[data-detector]')) {
      // a detector that could not run shows its reason instead of metrics; the confusion cell has no data-value
      const row: Record<string, string> = tr.hasAttribute('data-error') ? { error: tr.getAttribute('data-error')! } : {};
      for (const td of tr.querySelectorAll('td[data-metric][data-value]')) row[td.getAttribute('data-metric')!] = td.getAttribute('data-value')!;
      out[tr.getAttribute('data-detector')!] = row;
    }
    return out;
  });
}

/** `harbinger evaluate --windows FILE --labels …` as the metrics table writes it (the CLI's JSON writes NaN as null). */
function cliMetrics(windows: string, labels: string, detectors: string[]): Metrics {
  const out = JSON.parse(cli('evaluate', '--windows', windows, '--labels', labels, '--detectors', detectors.join(','), '--json')) as { detectors: Record<string, unknown>[] };
  return Object.fromEntries(
    out.detectors.map((d) => {
      if (d.error !== null) return [String(d.name), { error: String(d.error) }];
      const row: Record<string, string> = {};
      for (const m of METRICS) row[m] = d[m] === null ? (m === 'median_lead_s' ? 'null' : 'NaN') : String(d[m]);
      row.events = `${d.events_detected}/${d.events_total}`;
      return [String(d.name), row];
    }),
  );
}

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'harbinger-wt-e2e-'));
  cli('simulate', '--preset', 'web-shop', '--seed', '5', '--days', '3', '--rps', '0.05', '--out', dir);
  const logs = ['access.log', 'auth.log', 'metrics.csv'].map((f) => path.join(dir, f));
  cli('features', ...logs, '--out', path.join(dir, 'windows.parquet'));
  cli('features', ...logs, '--out', path.join(dir, 'windows.csv'));
  // the 5th window dropped: the 6th row is then two windows after the one before
  const lines = readFileSync(path.join(dir, 'windows.csv'), 'utf8').trim().split('\n');
  writeFileSync(path.join(dir, 'broken.csv'), [...lines.slice(0, 5), ...lines.slice(6)].join('\n') + '\n');
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a window table + labels: the metrics table equals `harbinger evaluate --windows`, a bad table is refused with its row, and the link asks for the same file', async ({ page, browser }) => {
  test.setTimeout(600_000);
  const table = path.join(dir, 'windows.parquet');
  const labels = path.join(dir, 'labels.csv');
  await page.goto('/');
  await expect(page.getByTestId('windows-file-input')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('windows-file-input').setInputFiles(table);
  await expect(page.getByTestId('windows-summary')).toContainText('4,320 windows of 60 s');
  await page.getByTestId('labels-panel').getByTestId('labels-input').setInputFiles(labels);
  await expect(page.getByTestId('labels-summary')).toBeVisible();

  const rows = page.getByTestId('metrics-table').locator('tbody tr[data-detector]');
  await expect(rows.first()).toBeVisible({ timeout: 180_000 });
  const detectors = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-detector')!));
  const expected = cliMetrics(table, labels, detectors);
  // the labels arrive after the table: wait for the run that has them
  await expect.poll(() => metricValues(page), { timeout: 300_000, intervals: [2000] }).toEqual(expected);
  // labeled incidents were scored: the comparison means something
  expect(Object.values(expected).some((r) => r.events !== '0/0' && r.f1 !== '0')).toBe(true);

  // panels that need log lines say so
  await expect(page.getByTestId('series-note-explore')).toContainText('window table');
  await expect(page.getByTestId('series-note-report')).toContainText('need log lines');

  // a broken table is refused with its file, row and reason; the experiment keeps the table it had
  await page.getByTestId('windows-file-input').setInputFiles(path.join(dir, 'broken.csv'));
  await expect(page.getByTestId('load-failed')).toContainText(/broken\.csv: row 6: ts .* is not one window \(60 s\) after the row before/);
  await expect(page.getByTestId('windows-summary')).toContainText('windows.parquet');

  // the link reopens asking for the same file (SHA-256), then reproduces the numbers
  await expect.poll(() => page.url()).toContain('#s=');
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('windows-awaiting')).toContainText('windows.parquet');
  await expect(other.getByTestId('windows-file-input')).toBeEnabled({ timeout: 60_000 });
  await other.getByTestId('windows-file-input').setInputFiles(path.join(dir, 'windows.csv'));
  await expect(other.getByTestId('windows-error')).toContainText('windows.csv is not one of the files this link was made from');
  await other.getByTestId('windows-file-input').setInputFiles(table);
  await expect(other.getByTestId('windows-awaiting')).toHaveCount(0);
  await expect.poll(() => metricValues(other), { timeout: 300_000, intervals: [2000] }).toEqual(expected);
  await fresh.close();
});
