import { expect, test, type Page } from '@playwright/test';

/**
 * Every principal is a click away: the overview lists them all behind "Show all", and the findings
 * and the failures grid link each principal they name to its page. The principals the findings
 * flag (found by the rules, not by the top-principals query) must all be among the overview's.
 */

/** The principals the findings name, read off their links (full ARNs, from the hrefs). */
async function findingPrincipals(page: Page): Promise<string[]> {
  await page.goto('/findings?range=7d');
  await expect(page.getByTestId('findings-table')).toContainText('Burst of AccessDenied');
  const hrefs = await page.getByTestId('finding-principal').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  // A finding's key opens over the finding's days, as its principal does: its calls are in that range.
  const keyHrefs = await page.getByTestId('finding-key').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(keyHrefs.length).toBeGreaterThan(0);
  for (const h of keyHrefs) expect(h).toMatch(/^\/keys\/[^?]+\?from=\d{4}-\d\d-\d\dT00%3A00%3A00\.000Z&to=/);
  return [...new Set(hrefs.map((h) => decodeURIComponent(new URL(h, 'http://x').pathname.replace(/^\/principals\//, ''))))];
}

test('the overview lists every principal on request, the ones the findings flag among them', async ({ page }) => {
  const flagged = await findingPrincipals(page);
  expect(flagged.length).toBeGreaterThan(2);

  await page.goto('/?range=7d');
  const table = page.getByTestId('principals-table');
  const rows = table.locator('tbody tr');
  // Ten at first, and the toggle's own row.
  await expect(rows).toHaveCount(11);
  const more = table.getByRole('button', { name: /^Show all \d+ principals$/ });
  const total = Number(/\d+/.exec(await more.innerText())![0]);
  expect(total).toBeGreaterThan(10);
  await more.click();
  await expect(rows).toHaveCount(total + 1);
  const listed = await table
    .locator('a[href^="/principals/"]')
    .evaluateAll((as) =>
      as.map((a) => decodeURIComponent(new URL(a.getAttribute('href')!, 'http://x').pathname.replace(/^\/principals\//, ''))),
    );
  for (const p of flagged) expect(listed, `${p} is flagged by a finding`).toContain(p);
  await page.screenshot({ path: 'test-results/screenshots/overview-all-principals.png', fullPage: true });
});

test("a finding's principal opens its page over the finding's days; the page names keys by alias", async ({ page }) => {
  await page.goto('/findings?range=7d');
  const burst = page.getByTestId('findings-table').locator('tr', { hasText: 'Burst of integrity failures' });
  await expect(burst).toContainText('BuildAgentRole');
  await burst.getByTestId('finding-principal').click();
  await expect(page).toHaveURL(/\/principals\/[^?]*BuildAgentRole\?from=.*&to=/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('BuildAgentRole');
  // The burst is in the range the link opened: its integrity failures show in the recent failures.
  const failures = page.getByTestId('failures-panel').getByTestId('events-table');
  await expect(failures).toContainText('KMSInvalidSignatureException');
  // Keys by alias (as everywhere else), each with its full ARN beneath.
  const keys = page.getByTestId('principal-keys-table');
  await expect(keys.getByRole('link', { name: /^alias\// }).first()).toBeVisible();
  await expect(keys).toContainText('arn:aws:kms:');
  // The error column of the failures is on screen, not cut off by the panel.
  const panel = (await page.getByTestId('failures-panel').boundingBox())!;
  const error = (await failures.getByRole('columnheader', { name: 'Error' }).boundingBox())!;
  expect(error.x + error.width).toBeLessThanOrEqual(panel.x + panel.width);
  await page.screenshot({ path: 'test-results/screenshots/principal-from-finding.png', fullPage: true });
});

test("the failures grid's principals open their pages", async ({ page }) => {
  await page.goto('/failures?range=7d');
  const picker = page.getByTestId('range-picker');
  const shown = [await picker.getAttribute('data-range-from'), await picker.getAttribute('data-range-to')];
  const link = page.getByTestId('grid-principal').first();
  const name = (await link.innerText()).trim().replace(/ \(\d{12}\)$/, '');
  await link.click();
  await expect(page).toHaveURL(/\/principals\/.+from=/);
  // Over the window the grid counted (the preset's instants, not the preset resolved again).
  const url = new URL(page.url());
  expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual(shown);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name.split('/').pop()!);
});

test('a principal whose calls failed says so above its chart (the bars are coloured by operation)', async ({ page }) => {
  await page.goto('/?range=7d');
  const table = page.getByTestId('principals-table');
  await table.getByRole('button', { name: /^Show all \d+ principals$/ }).click();
  // Its calls and errors as the overview's list counts them (top_principals, not the timeline).
  const row = table.locator('tbody tr', { hasText: 'UnknownLambdaRole' });
  const cells = row.locator('td');
  const calls = (await cells.nth(2).innerText()).trim();
  const errors = (await cells.nth(3).innerText()).trim().split(/\s/)[0];
  expect(Number(errors.replace(/,/g, ''))).toBeGreaterThan(0);
  await row.getByRole('link', { name: /UnknownLambdaRole/ }).click();
  await expect(page.getByTestId('timeline-panel')).toContainText(`${calls} calls`);
  await expect(page.getByTestId('timeline-failed')).toContainText(`(${errors} failed,`);
});

test("a principal's page counts the findings about it, and opens exactly those", async ({ page }) => {
  const role = 'arn:aws:iam::111122223333:role/UnknownLambdaRole';
  // Fixed instants, in the past: a preset is resolved again at each load (its end moves with the
  // minute, and a logging gap's end with the clock), so two loads could hold different findings.
  const to = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const range = `from=${new Date(to.getTime() - 7 * 86_400_000).toISOString()}&to=${to.toISOString()}`;
  // Counted on the unfiltered findings page: the rows whose principal link is this role.
  await page.goto(`/findings?${range}`);
  await expect(page.getByTestId('findings-table')).toContainText('Burst of AccessDenied');
  const hrefs = await page.getByTestId('finding-principal').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const about = hrefs.filter((h) => decodeURIComponent(new URL(h, 'http://x').pathname) === `/principals/${role}`).length;
  expect(about).toBeGreaterThan(0);

  await page.goto(`/principals/${encodeURIComponent(role)}?${range}`);
  const summary = page.getByTestId('findings-panel').getByTestId('findings-summary');
  await expect(summary).toContainText(`${about} finding${about === 1 ? '' : 's'}`);
  await summary.getByRole('link', { name: /findings?$/ }).click();
  await expect(page).toHaveURL(/\/findings\?.*principal=/);
  await expect(page.getByTestId('findings-filter-principal')).toContainText(role);
  await expect(page.getByTestId('findings-table').locator('tbody tr')).toHaveCount(about);
  await page.screenshot({ path: 'test-results/screenshots/findings-of-principal.png', fullPage: true });
  // The chip lets the filter go: every finding again.
  await page.getByTestId('findings-filter-principal').click();
  await expect(page).not.toHaveURL(/principal=/);
  await expect(page.getByTestId('finding-principal')).toHaveCount(hrefs.length);
});

test("a role session's page counts that session's calls in every panel, and says whose session it is", async ({ page, request }) => {
  // A session ARN as GuardDuty or an AccessDenied message gives it; whole UTC days, so the page and
  // the count below read the same window.
  const session = 'arn:aws:sts::111122223333:assumed-role/BatchJobRole/nightly-batch';
  const DAY = 86_400_000;
  const to = new Date((Math.floor(Date.now() / DAY) + 1) * DAY).toISOString();
  const from = new Date(Date.parse(to) - 30 * DAY).toISOString();
  const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  // The events list's own count of the session's calls (another query than any panel's).
  const count = await (await request.get(`/api/events/count?${range}&principal=${encodeURIComponent(session)}`)).json();
  expect(count.events).toBeGreaterThan(0);
  expect(count.failed).toBeGreaterThan(0);

  await page.goto(`/principals/${encodeURIComponent(session)}?${range}`);
  const banner = page.getByTestId('principal-session-banner');
  await expect(banner).toContainText('A session of');
  await expect(banner.getByRole('link')).toHaveText('arn:aws:iam::111122223333:role/BatchJobRole');
  // Keys: the session's calls, all of them (its ReEncrypts stay on one key, so none counts twice).
  const keys = page.getByTestId('principal-keys-table');
  await expect(keys.locator('tbody tr').first()).toBeVisible();
  const calls = await keys.locator('tbody tr td:nth-child(2)').allInnerTexts();
  expect(calls.reduce((n, t) => n + Number(t.replace(/,/g, '')), 0)).toBe(count.events);
  // Its failures, its timeline and its address: the same session, not "no calls".
  await expect(page.getByTestId('heatmap-panel')).toContainText(`${count.failed.toLocaleString('en-US')} failed calls`);
  await expect(page.getByTestId('timeline-panel').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByTestId('source-ips-panel')).toContainText('198.51.100.30');
  await expect(page.getByTestId('findings-panel')).toContainText('Findings about its role');
  await page.screenshot({ path: 'test-results/screenshots/principal-session.png', fullPage: true });
});
