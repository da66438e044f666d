import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

/**
 * Every main page passes axe's WCAG 2.1 A/AA rules once its panels have streamed in: contrast,
 * names for controls and links, landmarks. Evidence is read by people with all kinds of eyesight.
 */
const KEY = `/keys/${encodeURIComponent('alias/app-data')}`;
const PAGES = ['/', KEY, '/findings', '/failures', '/events', '/rotation', '/health', '/report'];

for (const url of PAGES)
  for (const scheme of ['light', 'dark'] as const)
    test(`${url} has no WCAG A/AA violations (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${url}${url.includes('?') ? '&' : '?'}range=30d`);
      await page.waitForLoadState('networkidle');
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      // One line per rule and element, so a failure says what to fix and where.
      expect(violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`))).toEqual([]);
    });

const axe = async (page: import('@playwright/test').Page) => {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
};

for (const scheme of ['light', 'dark'] as const) {
  test(`an event's page (its raw JSON), the chart's open tooltip and an empty events list pass too (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const ev = ((await (await page.request.get('/api/events?range=30d&limit=25')).json()) as { events: { eventId: string }[] }).events[0];
    await page.goto(`/events/${encodeURIComponent(ev.eventId)}`);
    await expect(page.getByTestId('json-view')).toBeVisible();
    expect(await axe(page)).toEqual([]);

    // The tooltip only exists while a bucket is chosen: axe must see it open.
    await page.goto(`${KEY}?range=7d`);
    await page.waitForLoadState('networkidle');
    await page.getByTestId('timeline-chart').locator('[tabindex="0"]').first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('timeline-tooltip')).toBeVisible();
    expect(await axe(page)).toEqual([]);

    await page.goto('/events?range=30d&principal=Nobody');
    await expect(page.getByTestId('principal-widen')).toBeVisible();
    expect(await axe(page)).toEqual([]);
  });
}
