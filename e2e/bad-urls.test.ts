import { expect, test, type Page } from '@playwright/test';

/**
 * A bad URL parameter keeps the page (menu, header, range picker, filters) and shows what to fix
 * where the panels would be; a key, event or principal the logs do not hold answers 404.
 */
const shot = (name: string) => ({ path: `test-results/screenshots/${name}.png`, fullPage: true });
const UNKNOWN_KEY = 'arn:aws:kms:us-east-1:000000000000:key/00000000-0000-4000-8000-000000000000';
const NOBODY = 'arn:aws:iam::999999999999:role/Nobody';
const KNOWN_PRINCIPAL = 'arn:aws:iam::111122223333:role/AppServerRole';

async function expectChrome(page: Page, rangeBad = false) {
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const picker = page.getByTestId('range-picker');
  await expect(picker).toBeVisible();
  if (!rangeBad) {
    // The URL's range is fine: it is the one shown.
    await expect(picker.getByRole('button', { name: 'Last 7d' })).toHaveAttribute('aria-pressed', 'true');
    return;
  }
  // The link's range could not be used: the header does not present a stand-in as the range asked for.
  await expect(page.getByTestId('range-label')).toContainText('The range in this address is not valid');
  await expect(picker.locator('[aria-pressed="true"]')).toHaveCount(0);
}

test('an alias or ARN typed into the address with its slashes opens its page; a malformed %-escape is a 400 that says so', async ({
  request,
}) => {
  const res = await request.get('/keys/alias/app-data?range=30d', { maxRedirects: 0 });
  expect(res.status()).toBe(308);
  expect(res.headers().location).toMatch(new RegExp(`/keys/${encodeURIComponent('alias/app-data')}\\?range=30d$`));
  expect((await request.get('/keys/alias/app-data')).status()).toBe(200);
  expect((await request.get(`/principals/${KNOWN_PRINCIPAL}`)).status()).toBe(200);
  for (const path of ['/keys/%E0%A4%A', '/principals/%E0%A4%A', '/events/%E0%A4%A']) {
    const bad = await request.get(path);
    expect(bad.status(), path).toBe(400);
    expect(await bad.text()).toMatch(/malformed %-escape/);
  }
});

test('/keys and /principals, typed without a name, open the overview at its list with the same range', async ({ page, request }) => {
  for (const [path, anchor] of [
    ['/keys', 'keys'],
    ['/principals', 'principals'],
  ]) {
    const res = await request.get(`${path}?range=30d`, { maxRedirects: 0 });
    expect(res.status(), path).toBe(307);
    expect(res.headers().location, path).toMatch(new RegExp(`^/\\?range=30d#${anchor}$`));
  }
  await page.goto('/keys?range=30d');
  await expect(page).toHaveURL(/\/\?range=30d#keys$/);
  await expect(page.getByTestId('keys-table')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
});

test('statuses: unknown things are 404, known ones and bad parameters 200', async ({ request }) => {
  const status = async (path: string) => (await request.get(path, { maxRedirects: 0 })).status();
  expect(await status(`/keys/${encodeURIComponent(UNKNOWN_KEY)}`)).toBe(404);
  expect(await status('/events/no-such-event')).toBe(404);
  expect(await status(`/principals/${encodeURIComponent(NOBODY)}`)).toBe(404);
  expect(await status('/no-such-page')).toBe(404);

  expect(await status(`/keys/${encodeURIComponent('alias/app-data')}`)).toBe(200);
  expect(await status(`/principals/${encodeURIComponent(KNOWN_PRINCIPAL)}`)).toBe(200);
  const ev = ((await (await request.get('/api/events?range=7d&limit=25')).json()) as { events: { eventId: string }[] }).events[0];
  expect(await status(`/events/${encodeURIComponent(ev.eventId)}`)).toBe(200);

  // A page cannot answer 400 in the App Router (docs/architecture.md): the notice says what is wrong.
  for (const path of ['/?bucket=weekly', `/keys/${encodeURIComponent('alias/app-data')}?from=garbage`, '/events?errorClass=nope'])
    expect(await status(path)).toBe(200);
  // The JSON API does answer 400.
  expect(await status('/api/keys?bucket=weekly')).toBe(400);
});

test('a bad parameter keeps the page: menu, header and range picker stay, the notice names it, no panel runs', async ({ page }) => {
  await page.goto('/?bucket=weekly');
  await expectChrome(page);
  const notice = page.getByTestId('bad-url');
  await expect(notice).toContainText('Parameter "bucket" must be one of auto, hour, day');
  await expect(notice.getByTestId('reset-bad-params')).toHaveText('Reset to the defaults');
  await expect(page.getByTestId('kpi-panel')).toHaveCount(0);
  // Nothing to pack either.
  await expect(page.getByRole('button', { name: /Evidence pack/ })).toHaveCount(0);
  // The menu does not carry the bad value to the next page.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' })).toHaveAttribute('href', '/events');
  await page.screenshot(shot('bad-url-overview'));
  // The page's own control fixes it: Auto is a change from the bad value.
  await page.getByTestId('range-picker').getByLabel('Bucket').selectOption('auto');
  await expect(page).toHaveURL((u) => !u.searchParams.has('bucket'));
  await expect(page.getByTestId('kpi-panel')).toBeVisible();
  await expect(page.getByTestId('bad-url')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Evidence pack/ })).toBeVisible();

  await page.goto(`/keys/${encodeURIComponent('alias/app-data')}?from=garbage&range=30d`);
  await expectChrome(page, true);
  // The link's text is in the box, to correct.
  await expect(page.getByLabel('From (UTC)')).toHaveValue('garbage');
  await expect(page.getByTestId('key-arn')).toContainText('arn:aws:kms:');
  await expect(page.getByTestId('bad-url')).toContainText('Parameter "from"');
  await expect(page.getByTestId('bad-url').getByTestId('reset-bad-params')).toHaveText('Drop “from” and try again');
  await expect(page.getByTestId('timeline-panel')).toHaveCount(0);
  await page.screenshot(shot('bad-url-key'));
  await page.getByTestId('range-picker').getByRole('button', { name: 'Last 24h' }).click();
  await expect(page).toHaveURL((u) => u.searchParams.get('range') === '24h' && !u.searchParams.has('from'));
  await expect(page.getByTestId('timeline-panel')).toBeVisible();

  await page.goto(`/events?errorClass=nope&principal=${encodeURIComponent(KNOWN_PRINCIPAL)}`);
  await expectChrome(page);
  await expect(page.getByTestId('bad-url')).toContainText('Parameter "errorClass"');
  await expect(page.getByTestId('events-panel')).toHaveCount(0);
  await page.screenshot(shot('bad-url-events'));
  // The filters stay too: the drill-down chip removes the bad one, and the other filter is kept.
  await page.getByRole('button', { name: 'Remove filter: Error class: nope' }).click();
  await expect(page).toHaveURL((u) => !u.searchParams.has('errorClass') && u.searchParams.get('principal') === KNOWN_PRINCIPAL);
  await expect(page.getByTestId('events-table').locator('tbody tr').first()).toBeVisible();
  // The chip's button went with it: focus is on the form's first box, not lost to the page's body.
  await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
});

test('a start typed after the end is refused in the picker; a link with one says its range is not valid', async ({ page }) => {
  await page.goto('/events?range=7d');
  await page.waitForLoadState('networkidle');
  const url = page.url();
  await page.getByLabel('From (UTC)').fill('2099-12-30');
  await page.getByLabel('From (UTC)').press('Enter');
  await expect(page.getByTestId('range-inverted')).toHaveText('From must be before To');
  expect(page.url()).toBe(url);
  // Longer than a page takes: said beside the boxes, the page stays.
  await page.getByLabel('From (UTC)').fill('2020-01-01');
  await page.getByLabel('From (UTC)').press('Enter');
  await expect(page.getByTestId('range-too-long')).toHaveText('A range can span at most 400 days');
  expect(page.url()).toBe(url);
  await page.goto('/events?from=2026-12-30&to=2026-12-01');
  await expectChrome(page, true);
  await expect(page.getByTestId('bad-url')).toContainText('must be before its end');
  await expect(page.getByLabel('From (UTC)')).toHaveValue('2026-12-30');
  await expect(page.getByTestId('range-not-applied')).toHaveCount(0);
});

test('every page that reads its URL keeps its header on a bad parameter', async ({ page }) => {
  for (const path of ['/failures', '/findings', '/rotation', '/health', `/principals/${encodeURIComponent(KNOWN_PRINCIPAL)}`]) {
    await page.goto(`${path}?range=1y`);
    await expectChrome(page, true);
    await expect(page.getByTestId('bad-url')).toContainText('Parameter "range"');
  }
  await page.goto('/report?range=1y');
  await expect(page.getByRole('heading', { name: 'KMS key usage report' })).toBeVisible();
  await expect(page.getByTestId('bad-url')).toContainText('Parameter "range"');
  await expect(page.getByTestId('report')).toHaveCount(0);
  await page.goto('/events/no-such-event?t=yesterday');
  await expect(page.getByRole('heading', { name: 'Event' })).toBeVisible();
  await expect(page.getByTestId('bad-url')).toContainText('Parameter "t"');
});

test('a 404 says what was not found and where to look instead', async ({ page }) => {
  const res = await page.goto(`/keys/${encodeURIComponent(UNKNOWN_KEY)}?range=30d&bucket=weekly`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByTestId('not-found-message')).toHaveText(`No key matches “${UNKNOWN_KEY}” in the logs KeyTrail has read.`);
  const links = page.getByTestId('not-found');
  await expect(links.getByRole('link', { name: 'Every key seen in this range (overview)' })).toHaveAttribute('href', '/?range=30d');
  await expect(links.getByRole('link', { name: 'KMS events in account 000000000000, us-east-1' })).toHaveAttribute(
    'href',
    '/events?range=30d&account=000000000000&region=us-east-1',
  );
  await page.screenshot(shot('not-found-key'));

  expect((await page.goto('/events/no-such-event?t=2026-11-20T12:30:00Z'))?.status()).toBe(404);
  await expect(page.getByTestId('not-found-message')).toHaveText('No event with eventID “no-such-event” in the store.');
  await expect(page.getByRole('link', { name: 'Events in the hour either side of its time' })).toBeVisible();

  expect((await page.goto(`/principals/${encodeURIComponent(NOBODY)}`))?.status()).toBe(404);
  await expect(page.getByTestId('not-found-message')).toContainText(`name no KMS call by “${NOBODY}”`);
  await page.getByRole('link', { name: 'KMS events in account 999999999999' }).click();
  await expect(page).toHaveURL(/\/events\?account=999999999999$/);
});

test('a principal typed by its short name: the one principal of that name, or a choice when two accounts have one', async ({
  page,
  request,
}) => {
  const res = await request.get('/principals/deploy-bot?range=30d', { maxRedirects: 0 });
  expect(res.status()).toBe(307);
  expect(res.headers().location).toMatch(
    new RegExp(`/principals/${encodeURIComponent('arn:aws:iam::111122223333:user/deploy-bot')}\\?range=30d$`),
  );
  // A name no principal ends in is still a 404.
  expect((await request.get('/principals/NoSuchRole', { maxRedirects: 0 })).status()).toBe(404);

  // The sample has an AppServerRole in two accounts.
  await page.goto('/principals/appserverrole?range=7d');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Which “appserverrole”?');
  const choices = page.getByTestId('principals-named').getByRole('link');
  const other = 'arn:aws:iam::444455556666:role/AppServerRole';
  await expect(choices).toHaveText([KNOWN_PRINCIPAL, other]);
  await page.screenshot(shot('principal-choice'));
  await choices.last().click();
  await expect(page).toHaveURL(new RegExp(`/principals/${encodeURIComponent(other)}\\?range=7d$`));
  await expect(page.getByTestId('principal')).toHaveText(other);
});
