import { expect, test } from '@playwright/test';
import { GONE_EVENT_ID } from './ids';

const shot = (name: string) => ({ path: `test-results/screenshots/${name}.png`, fullPage: true });

test('overview lists keys from the sample data and says it is sample data', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('sample-banner')).toContainText('sample data');
  const rows = page.getByTestId('keys-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(5);
  // An alias from CreateAlias events is shown for some key.
  await expect(
    page
      .getByTestId('keys-table')
      .getByRole('link', { name: /^alias\// })
      .first(),
  ).toBeVisible();
  // The keys' rows leave out calls that name no key: the total says how many, and lists them.
  await expect(page.getByTestId('kpis-no-key')).toHaveAttribute('href', /\/events\?.*noKey=1/);
  await page.screenshot(shot('overview'));
});

test('the summary compares a preset with the whole previous period, and a range past now with the same stretch of it', async ({ page }) => {
  await page.goto('/?range=7d');
  const kpis = page.getByTestId('kpi-panel');
  // A preset ends now (rounded up to the minute): the whole previous week, no note on screen.
  await expect(kpis.getByTestId('kpi-change').first()).toBeVisible();
  await expect(kpis.getByTestId('kpis-previous-period')).toBeHidden();
  const day = 86_400_000;
  const from = new Date(Math.floor(Date.now() / day) * day - 3 * day).toISOString();
  const to = new Date(Date.parse(from) + 7 * day).toISOString();
  await page.goto(`/?from=${from}&to=${to}`);
  await expect(kpis.getByTestId('kpi-change').first()).toBeVisible();
  await expect(kpis.getByTestId('kpis-previous-period')).toContainText('This range runs past now');
});

test('overview → key page → timeline bar → events → raw JSON', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('keys-table').locator('tbody tr').first().getByRole('link').first().click();
  await expect(page.getByTestId('key-arn')).toContainText('arn:aws:kms:');
  const bars = page.locator('[data-testid="timeline-chart"] .recharts-bar-rectangle');
  await expect(bars.first()).toBeVisible();
  expect(await bars.count()).toBeGreaterThan(3);
  // Each series in the legend has a colour of its own (operations without one are drawn as one series).
  const fills = await page
    .locator('[data-testid="timeline-chart"] .recharts-legend-item path')
    .evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
  expect(fills.length).toBeGreaterThan(1);
  expect(new Set(fills).size).toBe(fills.length);
  await expect(page.getByTestId('principals-table').locator('tbody tr').first()).toBeVisible();
  await page.screenshot(shot('key-page'));

  // The last bar with calls opens the events of its bucket.
  await bars.last().click();
  await expect(page).toHaveURL(/\/events\?.*key=.*from=.*to=/);
  const eventLinks = page.getByTestId('events-table').locator('tbody tr td:first-child a');
  await expect(eventLinks.first()).toBeVisible();
  await page.screenshot(shot('events'));

  await eventLinks.first().click();
  await expect(page.getByTestId('json-view')).toContainText('"eventSource": "kms.amazonaws.com"');
  // The delivery file by its S3 key, as an auditor finds it in the bucket, not by this server's folders.
  await expect(page.getByTestId('delivery-file')).toContainText(
    /AWSLogs\/(o-[a-z0-9]+\/)?\d{12}\/CloudTrail\/[a-z0-9-]+\/\d{4}\/\d{2}\/\d{2}\/\S+\.json\.gz/,
  );
  await expect(page.getByTestId('delivery-file')).not.toContainText(process.cwd());
  await page.screenshot(shot('event'));
});

test('a bucket cut by the range drills down to the events its bar counts', async ({ page, request }) => {
  // The range starts mid-day, so the first daily bucket holds only part of its day.
  const to = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const from = new Date(to.getTime() - 7 * 86_400_000 + 13 * 3_600_000 + 17 * 60_000);
  await page.goto(`/keys/${encodeURIComponent('alias/app-data')}?from=${from.toISOString()}&to=${to.toISOString()}`);
  await page.getByTestId('timeline-panel').getByRole('checkbox', { name: 'Show as table' }).check();
  const first = page.getByTestId('timeline-panel').locator('tbody tr').first();
  // The bucket's own link comes first; a bucket with failed calls also links its error count.
  const href = (await first.getByRole('link').first().getAttribute('href'))!;
  const q = new URL(href, 'http://x').searchParams;
  expect(q.get('from')).toBe(from.toISOString());
  expect(q.get('errorCode')).toBeNull();
  const counted = Number((await first.locator('td').nth(-2).innerText()).replace(/,/g, ''));
  expect(counted).toBeGreaterThan(0);
  // The events behind the link, counted by the API: exactly the bar's calls.
  let n = 0;
  for (let cursor: string | null = ''; cursor !== null;) {
    const res = await request.get(`/api/events?${q.toString()}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { events: unknown[]; nextCursor: string | null };
    n += body.events.length;
    cursor = body.nextCursor;
  }
  expect(n).toBe(counted);
});

test('a malformed URL parameter gets a clear message, not a crash', async ({ page, request }) => {
  await page.goto('/?from=yesterday');
  await expect(page.locator('main').getByRole('alert')).toContainText('"from"');
  const res = await request.get('/api/keys?from=2026-01-02&to=2026-01-01');
  expect(res.status()).toBe(400);
  expect((await res.json()).error).toMatch(/before/);
});

test('a key or event the logs do not hold answers 404, says so, and where to look, rather than blaming the URL', async ({ page }) => {
  const res = await page.goto(`/keys/${encodeURIComponent('arn:aws:kms:us-east-1:000000000000:key/00000000-0000-4000-8000-000000000000')}`);
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toContainText('No key matches');
  await expect(page.getByTestId('not-found').getByRole('link', { name: /^Data health/ })).toBeVisible();
  expect((await page.goto('/events/no-such-event'))?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toContainText('No event with eventID “no-such-event”');
});

test('an event whose delivery file is gone still shows its facts, and says why the record is missing', async ({ page, request }) => {
  await page.goto(`/events/${GONE_EVENT_ID}`);
  await expect(page.getByTestId('event-summary').getByTestId('event-key')).toBeVisible();
  await expect(page.getByTestId('raw-problem')).toContainText('cannot be read now');
  await expect(page.getByTestId('raw-problem')).toContainText('ingest the folder that holds it again');
  await page.screenshot({ path: 'test-results/screenshots/event-file-gone.png', fullPage: true });
  const res = await request.get(`/api/events/${GONE_EVENT_ID}`);
  expect(res.status()).toBe(410);
  expect((await res.json()).error).toContain('cannot be read now');
});

test('a range with no events links to where the events are: the latest period and the earliest', async ({ page }) => {
  await page.goto('/?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z');
  const hint = page.getByRole('status').filter({ hasText: 'No KMS events between' });
  await expect(hint).toBeVisible();
  await expect(hint.getByRole('link', { name: 'Show the latest period with data' })).toHaveAttribute('href', /from=/);
  // The store holds the public 2023 trail besides this month's sample: more than the longest range
  // a page takes (400 days), so "all of it" is not offered (lib/periods-with-data.test.ts), the earliest is.
  await expect(hint).toContainText('events from 2023-07-10 11:57 UTC');
  await expect(hint.getByRole('link', { name: /^all [\d,]+ events$/ })).toHaveCount(0);
  await hint.getByRole('link', { name: 'the earliest' }).click();
  await expect(page).toHaveURL(/from=2023-07-10T11%3A57%3A00.000Z&to=2023-07-11T11%3A57%3A00.000Z/);
  await expect(page.getByRole('status').filter({ hasText: 'No KMS events between' })).toHaveCount(0);
  // The public trail's 240 KMS calls (its README), all on 2023-07-10.
  await expect(
    page
      .getByTestId('kpis')
      .locator('div')
      .filter({ hasText: /^KMS calls/ })
      .locator('dd')
      .first(),
  ).toHaveText('240');
});

test('a range longer than the logs shades the hours with none and says the counts cover only the logged part', async ({ page }) => {
  // The public trail's KMS calls run from 2023-07-10 11:57:49 to 12:08:04 (a plain scan of the fixture
  // files; nothing else in the store is within a day of that date): a whole day's range has 11 empty
  // hours before them and 11 after.
  await page.goto('/?from=2023-07-10T00:00:00Z&to=2023-07-11T00:00:00Z&bucket=hour');
  const note = 'No KMS call to any key is logged in this range before 2023-07-10 11:57 UTC or after 2023-07-10 12:08 UTC';
  await expect(page.getByTestId('kpis-no-logs')).toContainText(`These counts cover only the logged part of the range. ${note}`);
  const timeline = page.getByTestId('timeline-panel');
  await expect(timeline.getByTestId('timeline-no-logs')).toContainText(`Shaded: ${note}`);
  await expect(timeline.locator('.recharts-reference-area')).toHaveCount(2);
  await page.screenshot({ path: 'test-results/screenshots/timeline-no-logs.png', fullPage: true });
  await timeline.getByRole('checkbox', { name: 'Show as table' }).check();
  const rows = timeline.locator('tbody tr');
  await expect(rows).toHaveCount(24);
  await expect(rows.filter({ hasText: '(no logs)' })).toHaveCount(22);
  await expect(rows.nth(10)).toContainText('2023-07-10 10:00 UTC (no logs)');
  await expect(rows.nth(11)).not.toContainText('(no logs)');
  await expect(rows.nth(12)).not.toContainText('(no logs)');
  await expect(rows.nth(13)).toContainText('2023-07-10 13:00 UTC (no logs)');

  // A range the logs cover end to end says nothing of the kind.
  await page.goto('/?range=7d');
  await expect(page.getByTestId('kpis')).toBeVisible();
  await expect(page.getByTestId('timeline-chart')).toBeVisible();
  await expect(page.getByTestId('kpis-no-logs')).toHaveCount(0);
  await expect(page.getByTestId('timeline-no-logs')).toHaveCount(0);
});

test("a summary card's count opens the events it counts: the same number on the events page", async ({ page }) => {
  await page.goto('/?range=30d');
  const cards = page.getByTestId('kpis');
  for (const label of ['KMS calls', 'Failed calls', 'AccessDenied']) {
    const card = cards.locator('div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) });
    const link = card.getByTestId('kpi-drill');
    const shown = (await link.innerText()).trim();
    await link.click();
    await expect(page.getByTestId('events-total'), label).toContainText(`${shown} matching`);
    if (label === 'AccessDenied') expect(new URL(page.url()).searchParams.get('errorClass')).toBe('access-denied');
    if (label === 'Failed calls') expect(new URL(page.url()).searchParams.get('errorCode')).toBe('*');
    await page.goBack();
  }
});

test('the distinct principals card takes you to who they are: the top principals panel', async ({ page }) => {
  await page.goto(`/keys/${encodeURIComponent('alias/app-data')}?range=7d`);
  await page.waitForLoadState('networkidle');
  const card = page
    .getByTestId('kpis')
    .locator('div')
    .filter({ has: page.locator('dt', { hasText: /^Distinct principals$/ }) });
  await card.getByTestId('kpi-drill').click();
  await expect(page).toHaveURL(/#principals$/);
  await expect(page.getByTestId('principals-panel')).toBeInViewport();
});
