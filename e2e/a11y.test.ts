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
