import { test, expect, type Locator, type Page } from '@playwright/test';

// the Live cell replays the default experiment: the featurer and the stream scorer in the live worker
test.use({ trace: 'off' });

async function trained(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-phase', 'done', { timeout: 150_000 });
}

const status = (live: Locator) => live.getByTestId('live-status');
const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));

test('Live: at 1000× from shortly before the first test failure an alarm reaches the feed by that failure; pause stops the clock, step closes one window', async ({ page }) => {
  test.setTimeout(300_000);
  await trained(page);
  const live = page.getByTestId('live-cell');
  const before = live.getByRole('button', { name: '30 min before the first test failure' });
  const failureStart = await num(before, 'data-failure-start');
  const failureEnd = await num(before, 'data-failure-end');
  await before.click();
  await live.getByLabel('Replay speed').selectOption('1000');
  await expect(live.getByTestId('live-path')).toHaveAttribute('data-path', 'stream');
  await live.getByRole('button', { name: 'Replay' }).click();
  await expect(status(live)).toHaveAttribute('data-phase', 'running', { timeout: 120_000 });

  // an alarm for the failure: raised in its window or within the early margin (10 min) before it
  const alarms = live.getByTestId('live-feed').locator('li[data-kind="alarm"]');
  await expect
    .poll(
      async () =>
        (await alarms.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-window-start'))))).some((t) => t >= failureStart - 10 * 60_000 && t < failureEnd),
      { timeout: 120_000 },
    )
    .toBe(true);
  // the feed is newest first
  const starts = await live.getByTestId('live-feed').locator('li').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-window-start'))));
  expect(starts).toEqual([...starts].sort((a, b) => b - a));

  // a click on an alarm picks its window on the charts
  await alarms.first().getByRole('button').click();
  await expect(live.getByText(/^Showing the window of/)).toBeVisible();

  await live.getByRole('button', { name: 'Pause' }).click();
  await expect(status(live)).toHaveAttribute('data-phase', 'paused');
  const clock = await num(status(live), 'data-clock');
  const windows = await num(status(live), 'data-windows');
  await page.waitForTimeout(1500);
  expect(await num(status(live), 'data-clock')).toBe(clock);
  expect(await num(status(live), 'data-windows')).toBe(windows);

  const top = await num(live.getByTestId('live-windows').locator('tbody tr').first(), 'data-start');
  await live.getByRole('button', { name: 'Step one window' }).click();
  await expect(status(live)).toHaveAttribute('data-windows', String(windows + 1));
  expect(await num(live.getByTestId('live-windows').locator('tbody tr').first(), 'data-start')).toBe(top + 60_000);
  expect(await num(status(live), 'data-clock')).toBe(top + 2 * 60_000);
  await live.getByRole('button', { name: 'Cancel' }).click();
  await expect(status(live)).toHaveAttribute('data-phase', 'cancelled');
});

test('Live: the replayed windows score as the Evaluate cell’s run does (the scores table), window for window', async ({ page }) => {
  test.setTimeout(300_000);
  await trained(page);
  const live = page.getByTestId('live-cell');
  await live.getByLabel('Replay speed').selectOption('max');
  // from the start of the test span (the default)
  await live.getByRole('button', { name: 'Replay' }).click();
  await expect(status(live)).toHaveAttribute('data-windows', /\d{3,}/, { timeout: 120_000 });
  await live.getByRole('button', { name: 'Pause' }).click();
  await expect(status(live)).toHaveAttribute('data-phase', 'paused');

  // the live scores of the latest windows, by window and detector
  const liveScores = await live
    .getByTestId('live-windows')
    .locator('tbody td[data-detector]')
    .evaluateAll((tds) => tds.map((td) => [Number(td.closest('tr')!.getAttribute('data-start')), td.getAttribute('data-detector')!, Number(td.getAttribute('data-score'))] as const));
  expect(liveScores.length).toBeGreaterThanOrEqual(30 * 5);
  const first = Math.min(...liveScores.map((r) => r[0]));
  const last = Math.max(...liveScores.map((r) => r[0]));

  // the batch run's scores of the same windows, as the Evaluate cell wrote them to the scores table
  await page.getByRole('button', { name: 'Add SQL cell' }).click();
  const sql = page.getByRole('region', { name: 'SQL 1', exact: true });
  await expect(sql.getByTestId('sql-row').first()).toBeVisible({ timeout: 60_000 });
  // one text cell (the result table is virtual): "t detector score" per window and detector, scores in DuckDB's shortest round-trip form
  await sql
    .getByRole('textbox')
    .fill(
      `SELECT count(*) AS n, string_agg(epoch_ms(ts) || ' ' || detector || ' ' || CAST(score AS VARCHAR), ';' ORDER BY ts, detector) AS s FROM scores WHERE epoch_ms(ts) BETWEEN ${first} AND ${last}`,
    );
  await sql.getByRole('textbox').press('Control+Enter');
  await expect(sql.getByTestId('sql-row').first().locator('[role=cell]').first()).toHaveText(String(liveScores.length), { timeout: 60_000 });
  const text = (await sql.getByTestId('sql-row').first().locator('[role=cell]').nth(1).textContent()) ?? '';
  const byKey = new Map(text.split(';').map((r) => r.split(' ')).map(([t, d, s]) => [`${t} ${d}`, Number(s)]));
  for (const [t, d, s] of liveScores) expect(s, `${d} at ${new Date(t).toISOString()}`).toBe(byKey.get(`${t} ${d}`));
});

test('Live: without the File System Access API, re-picking a growing file reads what was added and scores its windows', async ({ page }) => {
  test.setTimeout(300_000);
  // the re-pick path is what browsers without showOpenFilePicker get
  await page.addInitScript(() => delete (window as unknown as { showOpenFilePicker?: unknown }).showOpenFilePicker);
  await trained(page);
  const follow = page.getByTestId('follow-file');
  const line = (i: number) => `10.0.0.${i % 9} - - [05/Jan/2026:10:${String(Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')} +0000] "GET /p/${i} HTTP/1.1" 200 512 "-" "curl/8" 0.004\n`;
  const first = Array.from({ length: 60 }, (_, i) => line(i)).join('');
  const more = Array.from({ length: 60 }, (_, i) => line(60 + i)).join('');
  const input = follow.getByLabel('Pick the file to follow');
  await input.setInputFiles({ name: 'access.log', mimeType: 'text/plain', buffer: Buffer.from(first) });
  const status = follow.getByTestId('follow-status');
  await expect(status).toHaveAttribute('data-lines', '60', { timeout: 60_000 });
  // 60 lines = 10 minutes; a window closes once a line 30 s past its end is read: 9 windows
  await expect(status).toHaveAttribute('data-windows', '9');
  await input.setInputFiles({ name: 'access.log', mimeType: 'text/plain', buffer: Buffer.from(first + more) });
  await expect(status).toHaveAttribute('data-lines', '120');
  await expect(status).toHaveAttribute('data-windows', '19');
  await expect(follow.getByTestId('follow-windows').locator('tbody tr')).toHaveCount(19);
  // a shorter file is a truncation, said plainly, and read from its start
  await input.setInputFiles({ name: 'access.log', mimeType: 'text/plain', buffer: Buffer.from(line(200)) });
  await expect(follow.getByText(/access\.log was truncated/)).toBeVisible();
});

test('Live: with the File System Access API, a followed file is polled and what is appended is scored without another pick', async ({ page }) => {
  test.setTimeout(300_000);
  // a scripted file handle: getFile() returns the file as the test last wrote it, as a real handle does
  await page.addInitScript(() => {
    const w = window as unknown as { __followed: string; __picks: number; showOpenFilePicker: () => Promise<unknown[]> };
    w.__followed = '';
    w.__picks = 0;
    w.showOpenFilePicker = async () => {
      w.__picks++;
      return [{ kind: 'file', name: 'access.log', getFile: async () => new File([w.__followed], 'access.log', { type: 'text/plain' }) }];
    };
  });
  await trained(page);
  const follow = page.getByTestId('follow-file');
  const line = (i: number) => `10.0.0.${i % 9} - - [05/Jan/2026:10:${String(Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')} +0000] "GET /p/${i} HTTP/1.1" 200 512 "-" "curl/8" 0.004\n`;
  const write = (text: string) => page.evaluate((t) => void ((window as unknown as { __followed: string }).__followed = t), text);
  const first = Array.from({ length: 60 }, (_, i) => line(i)).join('');
  const more = Array.from({ length: 60 }, (_, i) => line(60 + i)).join('');
  await write(first);
  await follow.getByRole('button', { name: 'Follow a file…' }).click();
  const status = follow.getByTestId('follow-status');
  await expect(status).toHaveAttribute('data-lines', '60', { timeout: 60_000 });
  await expect(status).toHaveAttribute('data-windows', '9');
  // appended on "disk": the next poll reads only what was added
  await write(first + more);
  await expect(status).toHaveAttribute('data-lines', '120', { timeout: 30_000 });
  await expect(status).toHaveAttribute('data-windows', '19');
  await expect(follow.getByTestId('follow-windows').locator('tbody tr')).toHaveCount(19);
  expect(await page.evaluate(() => (window as unknown as { __picks: number }).__picks)).toBe(1);
  // truncated on "disk": said plainly at the next poll
  await write(line(200));
  await expect(follow.getByText(/access\.log was truncated/)).toBeVisible({ timeout: 30_000 });
  await follow.getByRole('button', { name: 'Stop following' }).click();
  await expect(follow.getByRole('button', { name: 'Stop following' })).toHaveCount(0);
});
