import { parquetReadObjects } from 'hyparquet';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    }
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  expect(quoted, 'CSV ends inside a quoted field').toBe(false);
  expect(cell + row.join(''), 'CSV ends without a line break').toBe('');
  return rows;
}

async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: dl.suggestedFilename(), bytes: readFileSync((await dl.path())!) };
}

test('the report states findings, copies prompts and exports tables and its chart', async ({ page, context }) => {
  test.setTimeout(240_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
  const cell = page.getByTestId('report-cell');
  const insights = cell.getByTestId('insights');

  // an endpoint with its latencies, the peak and the slowest hour, and alarms of the best detector
  await expect(insights).toContainText(/\/\S*: avg \d[\d.,]* (ms|s), p90 \d[\d.,]* (ms|s) over [\d,]+ timed requests/);
  await expect(insights).toContainText(/Traffic peaks at \d\d:00–\d\d:00 UTC: [\d,]+ requests/);
  await expect(insights).toContainText(/The slowest hour is \d\d:00–\d\d:00 UTC: p90/);
  await expect(insights).toContainText(/Alarms on the test span — .+ \(best test F1\), \d+ alarms?/);
  await expect(insights).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d UTC, [\d.]+ min \(\d+ windows? of 60 s\): .+ peak .+ — (matched|unlabeled).*driven by \S+ \((AE error|\|z\|) /);

  // copy a prompt: the clipboard holds exactly the prompt shown
  const copy = cell.getByTestId('copy-summary');
  await copy.click();
  await expect(copy).toHaveText('Copied');
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  expect(clip).toContain('Slowest endpoints:');
  expect(clip).toContain('Anomaly alarms (');
  expect(clip).toBe(await cell.getByLabel('Operator summary prompt').inputValue());
  // the review prompt carries log lines of the top alarm
  await expect(cell.getByTestId('prompt-review')).toBeAttached();
  expect(await cell.getByLabel('Anomaly review of the top alarm prompt').inputValue()).toMatch(/```\n\d{4}-\d\d-\d\dT/);
  await expect(cell).toContainText('Prompts include log excerpts');
  await expect(cell).toContainText('Ask is not offered');

  // every table, as CSV and JSON, with the same rows
  const exportRows = cell.locator('table.data tbody tr');
  await expect(exportRows).toHaveCount(4);
  for (const what of ['features', 'scores', 'alarms', 'metrics']) {
    const csvFile = await download(page, cell.getByTestId(`export-${what}-csv`));
    expect(csvFile.name).toBe(`harbinger-${what}.csv`);
    const csv = parseCsv(csvFile.bytes.toString('utf8'));
    const json = JSON.parse((await download(page, cell.getByTestId(`export-${what}-json`))).bytes.toString('utf8')) as Record<string, unknown>[];
    expect(Array.isArray(json)).toBe(true);
    expect(csv.length - 1, what).toBe(json.length);
    expect(csv[0], what).toEqual(Object.keys(json[0]));
    expect(csv.every((r) => r.length === csv[0].length), what).toBe(true);
    if (what === 'metrics') expect(json.map((r) => r.name)).toEqual(['isolation-forest', 'robust-z', 'ewma', 'autoencoder', 'knn-prefailure', 'ensemble']);
    if (what === 'features') expect(json.length).toBeGreaterThan(1000);
    if (what === 'alarms') expect(json.length).toBeGreaterThan(0);
    // Parquet reads back to the same rows as the JSON export
    const pq = await download(page, cell.getByTestId(`export-${what}-parquet`));
    expect(pq.name).toBe(`harbinger-${what}.parquet`);
    expect(pq.bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
    const rows = await parquetReadObjects({ file: pq.bytes.buffer.slice(pq.bytes.byteOffset, pq.bytes.byteOffset + pq.bytes.byteLength) as ArrayBuffer });
    expect(rows.length, what).toBe(json.length);
    expect(Object.keys(rows[0]), what).toEqual(Object.keys(json[0]));
  }

  // the chart as SVG and PNG
  const svg = await download(page, cell.getByTestId('export-chart-svg'));
  expect(svg.name).toMatch(/\.svg$/);
  const svgText = svg.bytes.toString('utf8');
  expect(svgText.startsWith('<svg')).toBe(true);
  expect(svgText).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(svgText).toMatch(/<path|<line/);
  const png = await download(page, cell.getByTestId('export-chart-png'));
  expect(png.name).toMatch(/\.png$/);
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // drawn at 2×: the IHDR width is twice the SVG's
  const svgWidth = Number(/width="(\d+)"/.exec(svgText)![1]);
  expect(png.bytes.readUInt32BE(16)).toBe(2 * svgWidth);
});
