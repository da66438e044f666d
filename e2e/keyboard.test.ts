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
  // A quiet cell is pale by its colour, not its opacity, which would fade the focus outline too.
  const opacities = await page
    .getByTestId('weekday-hour-heatmap')
    .locator('a.heat-cell')
    .evaluateAll((as) => as.map((a) => getComputedStyle(a).opacity));
  expect(new Set(opacities)).toEqual(new Set(['1']));
  const href = (await cell.getAttribute('href'))!;
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((u) => `${u.pathname}${u.search}` === href);
  await expect(page.getByTestId('events-table').locator('tbody tr').first()).toBeVisible();
});

test('failures heatmap: one Tab stop (its busiest cell), arrow keys between cells, and the next Tab leaves it', async ({ page }) => {
  await page.goto('/failures?range=30d');
  await page.waitForLoadState('networkidle');
  const heat = page.getByTestId('weekday-hour-heatmap');
  const cells = heat.locator('a.heat-cell');
  expect(await cells.count()).toBeGreaterThan(2);
  // The busiest cell, counted from the cells themselves: the first with the largest count.
  const counts = await cells.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-count'))));
  const busiest = counts.indexOf(Math.max(...counts));
  await heat.getByRole('button', { name: 'Integrity' }).focus();
  await page.keyboard.press('Tab');
  await expect(cells.nth(busiest)).toBeFocused();
  const next = busiest < counts.length - 1 ? busiest + 1 : busiest - 1;
  await page.keyboard.press(busiest < counts.length - 1 ? 'ArrowRight' : 'ArrowLeft');
  await expect(cells.nth(next)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(cells.first()).toBeFocused();
  // One more Tab is past the grid, not on its second cell.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.classList.contains('heat-cell'))).toBe(false);
  // Shift+Tab comes back to the cell last focused, and Enter opens its events.
  await page.keyboard.press('Shift+Tab');
  await expect(cells.first()).toBeFocused();
  const href = (await cells.first().getAttribute('href'))!;
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((u) => `${u.pathname}${u.search}` === href);
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

test('an export menu by keyboard: arrows move between its items, a choice returns focus to its button, Tab out closes it', async ({
  page,
}) => {
  await page.goto(`/keys/${encodeURIComponent('alias/app-data')}?range=7d`);
  await page.waitForLoadState('networkidle');
  const first = page.locator('[data-export-menu] details').first();
  const button = first.locator('summary');
  // Named for its panel's heading, not the panel's id.
  await expect(button).toHaveAccessibleName(/^Export Summary/);
  await button.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await expect(first.getByRole('menuitem', { name: 'PNG' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(first.getByRole('menuitem', { name: 'JSON' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(first.getByRole('menuitem', { name: 'PNG' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  await download;
  await expect(first).not.toHaveAttribute('open', '');
  await expect(button).toBeFocused();

  // Tabbing past an open menu closes it: it does not stay open over the panel below.
  await page.keyboard.press('Enter');
  await expect(first).toHaveAttribute('open', '');
  for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
  await expect(first).not.toHaveAttribute('open', '');
});

test('a select moved by arrow keys applies its value once the keys stop: one render, one history entry', async ({ page }) => {
  await page.goto('/findings?range=90d');
  await page.waitForLoadState('networkidle');
  const rules: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname === '/findings' && u.searchParams.has('_rsc') && u.searchParams.has('rule')) rules.push(u.searchParams.get('rule')!);
  });
  await page.getByLabel('Rule').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect(page).toHaveURL(/rule=/);
  await page.waitForLoadState('networkidle');
  expect(new Set(rules).size).toBe(1);
  await page.goBack();
  await expect(page).not.toHaveURL(/rule=/);
});

test('a timeline bar opens its events by keyboard: arrow keys pick the bucket, Enter opens it', async ({ page }) => {
  await page.goto(`/keys/${encodeURIComponent('alias/app-data')}?range=7d`);
  await page.waitForLoadState('networkidle');
  const chart = page.getByTestId('timeline-chart');
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  // Recharts' keyboard layer: the chart's focusable surface, named; the arrow keys move the tooltip,
  // and a screen reader hears the bucket.
  const surface = chart.locator('[tabindex="0"]').first();
  await expect(surface).toHaveAccessibleName('Calls per time bucket, stacked by operation');
  await surface.focus();
  await page.keyboard.press('ArrowRight');
  await expect(chart.locator('.recharts-tooltip-wrapper')).toBeVisible();
  await expect(chart.getByTestId('timeline-spoken')).toHaveText(/^\d{4}-\d\d-\d\d .*: [\d,]+ calls, [\d,]+ failed$/);
  // Text in the page's colours, the series' colours as swatches, and the bucket's total.
  await expect(chart.getByTestId('timeline-tooltip')).toContainText('Total calls');
  // Escape lets go of the bucket: Enter then opens nothing.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/keys\//);
  // With errors shown, E opens the bucket's failed calls.
  await page.getByRole('checkbox', { name: 'Show errors' }).check();
  await chart.locator('[tabindex="0"]').first().focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('e');
  await expect(page).toHaveURL(/\/events\?.*errorCode=\*/);
  await page.goBack();
  await chart.locator('[tabindex="0"]').first().focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/events\?.*from=.*to=/);
  const q = new URL(page.url()).searchParams;
  expect(q.get('key')).toMatch(/^arn:aws:kms:/);
  expect(q.get('range')).toBeNull();
  await expect(page.getByTestId('events-table').locator('tbody tr').first()).toBeVisible();
});

test('Back from an event puts focus back on the link it was opened from, not the top of the page', async ({ page }) => {
  await page.goto('/events?range=30d');
  await page.waitForLoadState('networkidle');
  const links = page.getByTestId('events-table').locator('tbody tr td:first-child a');
  const third = links.nth(2);
  const href = (await third.getAttribute('href'))!;
  await third.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((u) => `${u.pathname}${u.search}` === href);
  await expect(page.getByTestId('json-view')).toBeVisible();
  await page.goBack();
  await expect(third).toBeFocused();
  // Opening another page and going back to it by a link (not Back) starts at the top, as any visit.
  await page.goto('/events?range=30d');
  await page.waitForLoadState('networkidle');
  await expect(third).not.toBeFocused();
});
