import { expect, test, type Page } from '@playwright/test';

/**
 * Caller-written fields (userAgent, errorMessage, requestParameters, session
 * names) hold HTML and script in the hostile corpus. Every view must show them
 * as text, and nothing may run: the payloads would set window.__xss.
 */
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/deadbeef-0000-4000-8000-00000000cafe';
const RANGE = 'from=2026-01-15&to=2026-01-16';

async function noScriptRan(page: Page) {
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
}

test('the events list shows hostile fields as text', async ({ page }) => {
  await page.goto(`/events?${RANGE}&key=${encodeURIComponent(KEY)}`);
  await expect(page.getByTestId('events-table')).toContainText('<img src=x onerror=');
  await noScriptRan(page);
  await page.screenshot({ path: 'test-results/screenshots/hostile-events.png', fullPage: true });
});

test('the key, principal and failures pages show hostile fields as text', async ({ page }) => {
  for (const url of [
    `/keys/${encodeURIComponent(KEY)}?${RANGE}`,
    `/principals/${encodeURIComponent('arn:aws:iam::123456789012:role/HostileRole')}?${RANGE}`,
    `/failures?${RANGE}`,
    `/?${RANGE}`,
  ]) {
    await page.goto(url);
    await expect(page.locator('main')).toBeVisible();
    await noScriptRan(page);
  }
  // The encryption context is the caller's too: the key's contexts panel and the event's summary show it as text.
  await page.goto(`/keys/${encodeURIComponent(KEY)}?${RANGE}`);
  await expect(page.getByTestId('contexts-panel')).toContainText('note = <img src=x onerror="window.__xss=1">');
  await page.goto('/events/11111111-2222-4333-8444-000000000001');
  await expect(page.getByTestId('event-contexts')).toContainText('csv = =cmd|"/c calc"!A1');
  await noScriptRan(page);
});

test('the raw event shows the script as JSON text, and copy/download keep the exact bytes', async ({ page, request }) => {
  await page.goto('/events/11111111-2222-4333-8444-000000000002');
  await expect(page.getByTestId('json-view')).toContainText('<script>window.__xss=1</script>');
  await noScriptRan(page);
  const raw = await (await request.get('/api/events/11111111-2222-4333-8444-000000000002')).text();
  expect(raw.startsWith('{"eventVersion":"1.09"')).toBe(true);
  await page.getByRole('button', { name: 'Exact bytes' }).click();
  await expect(page.getByTestId('json-view').locator('pre')).toContainText(raw.slice(0, 200));
});
