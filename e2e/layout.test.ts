import { expect, test } from '@playwright/test';

/** Layout a user notices: what prints, and what a phone's screen holds. */

test('an event prints whole: the raw record is not cut to its on-screen scroll box', async ({ page }) => {
  await page.goto(`/events?range=7d&key=${encodeURIComponent('alias/app-data')}&eventName=Decrypt`);
  await page.getByTestId('events-table').locator('tbody tr td:first-child a').first().click();
  const pre = page.getByTestId('json-view').locator('pre');
  await expect(pre).toContainText('"eventID"');
  // The heading says what happened: the operation, and on which key (by its alias).
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Decrypt on alias\/app-data( \(failed: \w+\))?$/);
  await page.setViewportSize({ width: 1000, height: 500 });
  const fits = () => pre.evaluate((el) => el.scrollHeight <= el.clientHeight + 1);
  // On screen a long record scrolls inside its box; on paper every line is there.
  expect(await fits()).toBe(false);
  await page.emulateMedia({ media: 'print' });
  expect(await fits()).toBe(true);
  await page.screenshot({ path: 'test-results/screenshots/event-print.png', fullPage: true });
});

test('on a phone, the key page and a principal page do not scroll sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.goto(`/keys/${encodeURIComponent('alias/app-data')}?range=30d`);
  await expect(page.getByTestId('lifecycle')).toBeVisible();
  await expect(page.getByTestId('principals-table').locator('tbody tr').first()).toBeVisible();
  expect(await sideways()).toBeLessThanOrEqual(0);
  await page.goto(`/principals/${encodeURIComponent('arn:aws:iam::111122223333:role/AppServerRole')}?range=7d`);
  await expect(page.getByTestId('principal-keys-table')).toBeVisible();
  await expect(page.getByTestId('failures-panel').getByTestId('events-table')).toBeVisible();
  expect(await sideways()).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/screenshots/principal-phone.png', fullPage: true });
});

test('pages have an icon and a title of their own', async ({ page, request }) => {
  for (const [path, title] of [
    ['/', 'Overview · KeyTrail'],
    ['/events', 'Events · KeyTrail'],
  ]) {
    await page.goto(path);
    await expect(page).toHaveTitle(title);
  }
  const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('image/svg+xml');
});
