import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const KEY = 'realAWSCloudwatch/iio_us-east-1_i-a2eb1cd9_NetworkIn.csv';
const BUTTON = 'IIO NetworkIn a2eb1cd9 (realAWSCloudwatch)';
const PROFILES = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'] as const;

type Scores = Record<string, Record<(typeof PROFILES)[number], number>>;

/** The NAB scores the Evaluate cell shows, exactly (data-score holds the number's full text). */
async function pageScores(page: Page): Promise<Scores> {
  await expect(page.getByTestId('nab-scores')).toBeVisible({ timeout: 180_000 });
  return page.getByTestId('nab-row').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((tr) => [
        (tr as HTMLElement).dataset.detector!,
        Object.fromEntries([...tr.querySelectorAll('td[data-profile]')].map((td) => [(td as HTMLElement).dataset.profile!, Number((td as HTMLElement).dataset.score)])),
      ]),
    ),
  ) as Promise<Scores>;
}

/** `harbinger nab` on a folder holding just this file and its windows, with the page's detectors, seed and post-processing. */
function cliScores(detectors: string[]): Scores {
  const dir = mkdtempSync(path.join(tmpdir(), 'harbinger-nab-e2e-'));
  try {
    mkdirSync(path.join(dir, 'realAWSCloudwatch'));
    mkdirSync(path.join(dir, 'labels'));
    copyFileSync(path.join(root, 'public/samples/nab', KEY), path.join(dir, KEY));
    copyFileSync(path.join(root, 'public/samples/nab/combined_windows.json'), path.join(dir, 'labels/combined_windows.json'));
    const out = execFileSync('node', [path.join(root, 'bin/harbinger.mjs'), 'nab', dir, '--json', '--detectors', detectors.join(','), '--seed', '42', '--post', 'likelihood+extreme'], { encoding: 'utf8', cwd: root });
    const json = JSON.parse(out) as { files: number; profiles: Record<string, { ours: Record<string, number> }> };
    expect(json.files).toBe(1);
    return Object.fromEntries(detectors.map((d) => [d, Object.fromEntries(PROFILES.map((p) => [p, json.profiles[p]!.ours[d]!]))])) as Scores;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a shipped NAB series opens as a source; its NAB scores equal `harbinger nab` on that file, and its link reproduces them', async ({ page, browser }) => {
  test.setTimeout(420_000);
  await page.goto('/');
  await page.getByRole('button', { name: BUTTON }).click();
  await expect(page.getByTestId('nab-source-summary')).toContainText(`NAB series ${KEY} with 2 windows`);
  const scores = await pageScores(page);
  const detectors = Object.keys(scores);
  // the spec's default detectors less the KNN predictor, which NAB cannot run (and says so)
  expect(detectors).toEqual(['isolation-forest', 'robust-z', 'ewma', 'autoencoder', 'ensemble']);
  await expect(page.getByTestId('nab-skipped')).toContainText('knn-prefailure');
  expect(scores).toEqual(cliScores(detectors));
  // not all zero: the comparison means something
  expect(Object.values(scores).some((s) => PROFILES.some((p) => s[p] !== 0))).toBe(true);
  await expect(page.getByTestId('nab-chart')).toHaveCount(detectors.length);

  // cells that need log lines say what a metric series cannot show
  await expect(page.getByTestId('series-note-explore')).toContainText('not log lines');
  await expect(page.getByTestId('series-note-predict')).toContainText('NAB metric series');
  // the series and its windows are SQL tables, listed with the others
  await expect(page.getByTestId('sql-tables')).toContainText('nab_series');
  await expect(page.getByTestId('sql-tables')).toContainText('nab_windows');

  // a link to this experiment, opened in a fresh page, reproduces the numbers
  await expect.poll(() => page.url()).toContain('#s=');
  const link = page.url();
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId('nab-source-summary')).toContainText(KEY);
  expect(await pageScores(other)).toEqual(scores);
  await fresh.close();
});

test('a NAB-style upload: a windows file without an entry for the series is refused with the key it lacks', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  const dir = mkdtempSync(path.join(tmpdir(), 'harbinger-nab-e2e-'));
  try {
    const csv = path.join(dir, 'series.csv');
    copyFileSync(path.join(root, 'public/samples/nab', KEY), csv);
    await expect(page.getByTestId('nab-file-input')).toBeEnabled({ timeout: 60_000 });
    await page.getByTestId('nab-file-input').setInputFiles([csv, path.join(root, 'public/samples/nab/combined_windows.json')]);
    await expect(page.getByTestId('nab-error')).toContainText('combined_windows.json: no windows for "series.csv"');
    // a bad data line is named with its file and line, and nothing changes
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'timestamp,value\n2013-10-10 10:35:00,1\n2013-10-10 10:40:00,oops\n');
    const windows = path.join(dir, 'w.json');
    writeFileSync(windows, '[["2013-10-10 10:35:00", "2013-10-10 10:40:00"]]');
    await page.getByTestId('nab-file-input').setInputFiles([bad, windows]);
    await expect(page.getByTestId('nab-error')).toContainText('bad.csv: line 3: expected "timestamp,value", got "2013-10-10 10:40:00,oops"');
    await expect(page.getByTestId('nab-source-summary')).toHaveCount(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an uploaded NAB-style series: scored like the CLI, its link asks for the same file (SHA-256) and reproduces the scores', async ({ page, browser }) => {
  test.setTimeout(420_000);
  const csv = path.join(root, 'public/samples/nab', KEY);
  await page.goto('/');
  await expect(page.getByTestId('nab-file-input')).toBeEnabled({ timeout: 60_000 });
  // the combined windows file: matched to the CSV by its file name, so the key (and the detectors' random streams) equal the CLI's
  await page.getByTestId('nab-file-input').setInputFiles([csv, path.join(root, 'public/samples/nab/combined_windows.json')]);
  await expect(page.getByTestId('nab-source-summary')).toContainText(`NAB series ${KEY} with 2 windows`);
  const scores = await pageScores(page);
  expect(scores).toEqual(cliScores(Object.keys(scores)));
  await expect.poll(() => page.url()).toContain('#s=');
  const link = page.url();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId('nab-awaiting')).toContainText('iio_us-east-1_i-a2eb1cd9_NetworkIn.csv');
  await expect(other.getByTestId('nab-awaiting')).toContainText('2 windows');
  // another file is refused with the reason; the link's own file reproduces the scores (its windows come from the link)
  await expect(other.getByTestId('nab-file-input')).toBeEnabled({ timeout: 60_000 });
  await other.getByTestId('nab-file-input').setInputFiles(path.join(root, 'public/samples/nab/realKnownCause/rogue_agent_key_hold.csv'));
  await expect(other.getByTestId('nab-error')).toContainText('rogue_agent_key_hold.csv is not one of the files this link was made from');
  await other.getByTestId('nab-file-input').setInputFiles(csv);
  expect(await pageScores(other)).toEqual(scores);
  await fresh.close();
});

test('a plain JSON array of windows for one uploaded series opens it under its file name', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'harbinger-nab-e2e-'));
  try {
    const json = path.join(dir, 'windows.json');
    writeFileSync(json, JSON.stringify([['2013-10-10 10:35:00.000000', '2013-10-10 15:45:00.000000']]));
    await page.goto('/');
    await expect(page.getByTestId('nab-file-input')).toBeEnabled({ timeout: 60_000 });
    await page.getByTestId('nab-file-input').setInputFiles([path.join(root, 'public/samples/nab', KEY), json]);
    await expect(page.getByTestId('nab-source-summary')).toContainText('NAB series iio_us-east-1_i-a2eb1cd9_NetworkIn.csv with 1 window');
    await expect(page.getByTestId('nab-summary')).toContainText('1,243 rows, 1 window');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
