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

test('on a phone, the key page, a principal page and Data health do not scroll sideways', async ({ page }) => {
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
  // Each source is a card that names its figures.
  await page.goto('/health?range=7d');
  const source = page.getByTestId('sources-table').locator('tbody tr').first();
  await expect(source).toContainText('KMS events in range');
  expect(await sideways()).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/screenshots/health-phone.png', fullPage: true });
});

test('on a phone, the keys are cards that fit the screen, sorted from a menu, and the heatmap fits too', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?range=7d');
  const table = page.getByTestId('keys-table');
  const first = table.locator('tbody tr').first();
  await expect(first).toBeVisible();
  // Each figure says what it is, and nothing scrolls sideways: neither the page nor the table's box.
  await expect(first).toContainText('Calls');
  await expect(first).toContainText('Last used');
  const box = table.locator('div.overflow-x-auto');
  expect(await box.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  // All 24 hours of the failures heatmap, without scrolling inside its box.
  const heat = page.getByTestId('weekday-hour-heatmap');
  await expect(heat.locator('a.heat-cell').first()).toBeVisible();
  expect(await heat.locator('div.overflow-x-auto').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  // The header's sort buttons are hidden on a phone; the menu sets the same URL state.
  await table.getByLabel('Sort keys by').selectOption('principals');
  await expect(page).toHaveURL(/ksort=principals/);
  await table.getByRole('button', { name: 'Sorted descending: sort ascending' }).click();
  await expect(page).toHaveURL(/kdir=asc/);
  await page.screenshot({ path: 'test-results/screenshots/keys-phone.png', fullPage: true });
  // On a wide screen the menu is gone and the header sorts.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(table.getByLabel('Sort keys by')).toBeHidden();
  await expect(table.getByRole('columnheader', { name: /Principals/ })).toHaveAttribute('aria-sort', 'ascending');
});

test('on a phone, the key page and rotation tables are cards: the row names its key or principal and every figure is on screen', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  // Inside its scroll box, a table wider than the screen hides its figures to the right of the first column.
  const inBox = async (testId: string) => {
    const table = page.getByTestId(testId);
    await expect(table.locator('tbody tr').first()).toBeVisible();
    return table.evaluate((el) => el.parentElement!.scrollWidth - el.parentElement!.clientWidth);
  };
  await page.goto(`/keys/${encodeURIComponent('alias/app-data')}?range=30d`);
  for (const [id, label] of [
    ['principals-table', 'Calls'],
    ['contexts-table', 'Last seen'],
    ['source-ips-table', 'Principals'],
  ] as const) {
    expect(await inBox(id), id).toBeLessThanOrEqual(0);
    await expect(page.getByTestId(id).locator('tbody tr').first()).toContainText(label);
  }
  await page.goto('/rotation?range=30d');
  expect(await inBox('rotation-table')).toBeLessThanOrEqual(0);
  const row = page.getByTestId('rotation-table').locator('tbody tr').first();
  for (const label of ['Automatic rotation', 'Days since', 'Calls (prev.)', 'Failure rate']) await expect(row).toContainText(label);
  await page.screenshot({ path: 'test-results/screenshots/rotation-phone.png', fullPage: true });
  // On a wide screen they are tables again, with their header rows.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByTestId('rotation-table').getByRole('columnheader', { name: 'Failure rate' })).toBeVisible();
  await expect(row).not.toContainText('Calls (prev.)', { useInnerText: true });
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
