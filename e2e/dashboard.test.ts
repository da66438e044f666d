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
  await page.screenshot(shot('overview'));
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

test('a malformed URL parameter gets a clear message, not a crash', async ({ page, request }) => {
  await page.goto('/?from=yesterday');
  await expect(page.locator('main').getByRole('alert')).toContainText('"from"');
  const res = await request.get('/api/keys?from=2026-01-02&to=2026-01-01');
  expect(res.status()).toBe(400);
  expect((await res.json()).error).toMatch(/before/);
});

test('an event whose delivery file is gone still shows its facts, and says why the record is missing', async ({ page, request }) => {
  await page.goto(`/events/${GONE_EVENT_ID}`);
  await expect(page.getByText('Key:')).toBeVisible();
  await expect(page.getByTestId('raw-problem')).toContainText('cannot be read now');
  await expect(page.getByTestId('raw-problem')).toContainText('ingest the folder that holds it again');
  await page.screenshot({ path: 'test-results/screenshots/event-file-gone.png', fullPage: true });
  const res = await request.get(`/api/events/${GONE_EVENT_ID}`);
  expect(res.status()).toBe(410);
  expect((await res.json()).error).toContain('cannot be read now');
});
