import { expect, test } from '@playwright/test';

/**
 * Without a mouse: the drill-downs that charts offer on click are reachable from the keyboard,
 * and focus is visible where it lands.
 */
test('key page: the timeline as a table, then a bucket opens its events, all by keyboard', async ({ page }) => {
  await page.goto(`/keys/${encodeURIComponent('alias/app-data')}?range=7d`);
  // Hydrated first: focus given to server-rendered markup is lost when React takes the page over.
  await page.waitForLoadState('networkidle');
  const toggle = page.getByTestId('timeline-panel').getByRole('checkbox', { name: 'Show as table' });
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toBeChecked();
  // The first link after the check boxes is the first bucket's.
  await page.keyboard.press('Tab');
  const link = page.locator(':focus');
  await expect(link).toHaveAttribute('href', /^\/events\?/);
  const href = (await link.getAttribute('href'))!;
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((u) => `${u.pathname}${u.search}` === href);
  const q = new URL(href, 'http://x').searchParams;
  expect(q.get('key')).toMatch(/^arn:aws:kms:/);
  expect(q.get('from')).toBeTruthy();
  await expect(page.getByTestId('events-table').locator('tbody tr').first()).toBeVisible();
});

test('failures heatmap: a cell takes focus with a visible outline, and Enter opens its failed events', async ({ page }) => {
  await page.goto('/failures?range=30d');
  await page.waitForLoadState('networkidle');
  const cell = page.getByTestId('weekday-hour-heatmap').locator('a.heat-cell').first();
  await cell.focus();
  await expect(cell).toBeFocused();
  expect(await cell.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
  const href = (await cell.getAttribute('href'))!;
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((u) => `${u.pathname}${u.search}` === href);
  await expect(page.getByTestId('events-table').locator('tbody tr').first()).toBeVisible();
});

test('an export menu closes with Escape (focus back on its button), with a click elsewhere, and when another opens', async ({ page }) => {
  await page.goto(`/keys/${encodeURIComponent('alias/app-data')}?range=7d`);
  await page.waitForLoadState('networkidle');
  const menus = page.locator('[data-export-menu] details');
  const first = menus.first();
  const button = first.locator('summary');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(first).toHaveAttribute('open', '');
  await page.keyboard.press('Escape');
  await expect(first).not.toHaveAttribute('open', '');
  await expect(button).toBeFocused();

  await button.click();
  await expect(first).toHaveAttribute('open', '');
  await page.getByRole('heading', { level: 1 }).click();
  await expect(first).not.toHaveAttribute('open', '');

  await button.click();
  await menus.nth(1).locator('summary').click();
  await expect(menus.nth(1)).toHaveAttribute('open', '');
  await expect(first).not.toHaveAttribute('open', '');
});
