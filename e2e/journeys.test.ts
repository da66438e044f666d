import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { extraDir, handToDashboard } from './hand-off';
import { kmsRecord, readAllRecords, REAL_LOGS, writeTrailFile } from '../lib/test/fixtures';

test('failures heatmap cell → the failed events it counts', async ({ page }) => {
  await page.goto('/failures');
  const cell = page.getByTestId('weekday-hour-heatmap').locator('a.heat-cell').first();
  await expect(cell).toBeVisible();
  const count = Number(await cell.getAttribute('data-count'));
  await page.screenshot({ path: 'test-results/screenshots/failures.png', fullPage: true });
  await cell.click();
  await expect(page).toHaveURL(/\/events\?.*errorCode=\*.*weekday=\d.*hour=\d+/);
  const rows = page.getByTestId('events-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  // The list holds exactly the cell's count (up to one page) and only errors.
  await expect(rows).toHaveCount(Math.min(count, 50));
  // The total counts every page: the cell's number, whatever the page size.
  await expect(page.getByTestId('events-total')).toHaveText(`${count.toLocaleString('en-US')} matching event${count === 1 ? '' : 's'}`);
  for (const text of await rows.locator('td:nth-child(5)').allInnerTexts()) expect(text.trim()).not.toBe('');
  // The cell's weekday and hour have no box in the form: they show as chips, and Clear removes them.
  const chips = page.getByTestId('drill-filters');
  await expect(chips).toContainText(/Weekday: \w+day \(UTC\)/);
  await expect(chips).toContainText(/Hour: \d{2}:00–\d{2}:59 UTC/);
  await expect(page.getByLabel(/^Error code/)).toHaveValue('*');
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page).not.toHaveURL(/weekday=|hour=|errorCode=/);
  await expect(chips).toHaveCount(0);
  // The boxes follow the URL: the error code typed by the drill-down is gone too.
  await expect(page.getByLabel(/^Error code/)).toHaveValue('');
});

test('failures heatmap: the Integrity view counts only rejected ciphertexts, signatures and MACs, and a cell opens exactly them', async ({
  page,
}) => {
  await page.goto('/failures?range=7d');
  const heatmap = page.getByTestId('weekday-hour-heatmap');
  await expect(heatmap.locator('a.heat-cell').first()).toBeVisible();
  const all = await heatmap.locator('a.heat-cell').count();
  const toggle = heatmap.getByRole('button', { name: 'Integrity', exact: true });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(heatmap.locator('caption')).toHaveText('Integrity by weekday and hour (UTC)');
  const cells = heatmap.locator('a.heat-cell');
  await expect(cells.first()).toBeVisible();
  // The sample's integrity failures are rarer than all failures: fewer cells light up.
  expect(await cells.count()).toBeLessThan(all);
  const counts = await cells.evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-count'))));
  const busiest = cells.nth(counts.indexOf(Math.max(...counts)));
  const count = Math.max(...counts);
  // The planted burst: 12 rejected signatures within one hour (and maybe a tampered cookie).
  expect(count).toBeGreaterThanOrEqual(12);
  await page.screenshot({ path: 'test-results/screenshots/failures-integrity.png', fullPage: true });
  await busiest.click();
  await expect(page).toHaveURL(/errorClass=integrity/);
  await expect(page.getByTestId('drill-filters')).toContainText('Error class: Integrity: ciphertext, signature or MAC rejected');
  await expect(page.getByTestId('events-total')).toHaveText(`${count.toLocaleString('en-US')} matching event${count === 1 ? '' : 's'}`);
  const rows = page.getByTestId('events-table').locator('tbody tr');
  // Retried: the total can show before the table's rows have streamed in.
  await expect(rows).toHaveCount(Math.min(count, 50));
  for (const text of await rows.locator('td:nth-child(5)').allInnerTexts())
    expect(text).toMatch(/InvalidCiphertextException|IncorrectKeyException|KMSInvalidSignatureException|KMSInvalidMacException/);
});

test("a principal's calls that name no key drill down to exactly those events", async ({ page }) => {
  await page.goto(`/principals/${encodeURIComponent('arn:aws:iam::111122223333:role/AppServerRole')}?range=30d`);
  const row = page.getByTestId('principal-keys-panel').locator('tbody tr', { hasText: 'Calls that name no key' });
  await expect(row).toBeVisible();
  const link = row.locator('td').nth(1).getByRole('link');
  const count = Number((await link.innerText()).replace(/,/g, ''));
  expect(count).toBeGreaterThan(0);
  await link.click();
  await expect(page).toHaveURL(/noKey=1/);
  await expect(page.getByTestId('drill-filters')).toContainText('Only events that name no key');
  const rows = page.getByTestId('events-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  await expect(rows).toHaveCount(Math.min(count, 50));
  await expect(page.getByTestId('events-total')).toContainText(`${count.toLocaleString('en-US')} matching event`);
});

test('filters and time range live in the URL and survive reload and back', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Last 30d' }).click();
  await expect(page).toHaveURL(/range=30d/);
  await expect(page.getByTestId('range-label')).toContainText('daily buckets');
  // The keys table filters its own rows: typing writes the URL without a server render per key press.
  const renders: string[] = [];
  page.on('request', (r) => void (r.url().includes('_rsc=') && renders.push(r.url())));
  await page.getByLabel('Filter keys by alias or ARN').pressSequentially('alias/');
  await expect(page).toHaveURL(/kq=alias%2F/);
  expect(renders).toEqual([]);
  const shown = await page.getByTestId('keys-table').locator('tbody tr').count();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Last 30d' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('Filter keys by alias or ARN')).toHaveValue('alias/');
  await expect(page.getByTestId('keys-table').locator('tbody tr')).toHaveCount(shown);
  await page.goBack();
  await expect(page).not.toHaveURL(/kq=/);
});

test('events explorer filters by operation and pages with a cursor', async ({ page }) => {
  await page.goto('/events?range=30d');
  await page.getByLabel('Operation').fill('Decrypt');
  await page.getByRole('button', { name: 'Apply' }).last().click();
  await expect(page).toHaveURL(/eventName=Decrypt/);
  const ops = page.getByTestId('events-table').locator('tbody tr td:nth-child(2)');
  await expect(ops.first()).toHaveText('Decrypt');
  const firstPage = await page.getByTestId('events-table').locator('tbody tr td:first-child').allInnerTexts();
  // Each page says where it is in the list: 50 per page by default.
  expect(firstPage).toHaveLength(50);
  await expect(page.getByTestId('events-position')).toHaveText('Events 1–50');
  await page.getByTestId('next-page').click();
  await expect(page).toHaveURL(/cursor=/);
  // Wait for the new page's rows, then check they continue where the first page ended.
  await expect(page.getByTestId('events-table').locator('tbody tr td:first-child').first()).not.toHaveText(firstPage[0]);
  const secondPage = await page.getByTestId('events-table').locator('tbody tr td:first-child').allInnerTexts();
  expect(secondPage[0] <= firstPage[firstPage.length - 1]).toBe(true);
  await expect(page.getByTestId('events-position')).toHaveText(`Events 51–${50 + secondPage.length}`);
  await page.screenshot({ path: 'test-results/screenshots/events-page-2.png', fullPage: true });
  // Previous page: the first page again, rows and position, and no Previous on it.
  const secondUrl = page.url();
  await page.getByTestId('prev-page').click();
  await expect(page.getByTestId('events-position')).toHaveText('Events 1–50');
  expect(await page.getByTestId('events-table').locator('tbody tr td:first-child').allInnerTexts()).toEqual(firstPage);
  await expect(page.getByTestId('prev-page')).toHaveCount(0);
  await page.goto(secondUrl);
  // A cursor from before positions were kept still pages; it just does not say where.
  const legacy = new URL(page.url());
  const c = JSON.parse(Buffer.from(legacy.searchParams.get('cursor')!, 'base64url').toString('utf8')) as { ts: string; id: string };
  legacy.searchParams.set('cursor', Buffer.from(JSON.stringify({ ts: c.ts, id: c.id })).toString('base64url'));
  await page.goto(legacy.toString());
  await expect(page.getByTestId('events-table').locator('tbody tr td:first-child').first()).toHaveText(secondPage[0]);
  await expect(page.getByTestId('events-position')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/events-explorer.png', fullPage: true });
});

test('data health lists sources and their latest events, and names a file the last ingest could not load', async ({ page }) => {
  // A delivery file cut short, handed to the dashboard as `npm run ingest` would: it loads the
  // good file, reports the broken one and exits 1.
  const dir = extraDir('broken');
  writeTrailFile(dir, 'good', [kmsRecord({ eventTime: '2025-01-02T00:00:00Z' })]);
  const broken = writeTrailFile(dir, 'broken', [kmsRecord()]);
  fs.writeFileSync(broken, fs.readFileSync(broken).subarray(0, 20));
  const code = await handToDashboard(dir);
  expect(code).toBe(1);

  await page.goto('/health?range=30d');
  await expect(page.getByTestId('sources-table').locator('tbody tr').first()).toBeVisible();
  const last = page.getByTestId('last-ingest');
  await expect(last).toContainText('Files read1 of 2 found');
  await expect(page.getByTestId('ingest-errors')).toContainText(`${path.basename(broken)}: the gzip data is truncated`);
  await page.screenshot({ path: 'test-results/screenshots/health.png', fullPage: true });
});

test('findings page → a finding → exactly its events → raw JSON', async ({ page }) => {
  await page.goto('/findings?range=7d');
  const table = page.getByTestId('findings-table');
  await expect(table).toContainText('Burst of AccessDenied');
  await page.screenshot({ path: 'test-results/screenshots/findings.png', fullPage: true });
  const burst = table.locator('tr', { hasText: 'Burst of AccessDenied' });
  const count = Number((await burst.locator('td').nth(6).innerText()).replace(/,/g, ''));
  await burst.getByTestId('finding-evidence').click();
  await expect(page).toHaveURL(/errorClass=access-denied/);
  const rows = page.getByTestId('events-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  await expect(rows).toHaveCount(count);
  await rows.first().locator('a').first().click();
  await expect(page.getByTestId('json-view')).toContainText('AccessDenied');
});

test('findings page → the burst of integrity failures → exactly its rejected signatures', async ({ page }) => {
  await page.goto('/findings?range=7d');
  const table = page.getByTestId('findings-table');
  const burst = table.locator('tr', { hasText: 'Burst of integrity failures' });
  await expect(burst).toHaveCount(1);
  await expect(burst).toContainText('BuildAgentRole');
  const count = Number((await burst.locator('td').nth(6).innerText()).replace(/,/g, ''));
  expect(count).toBe(12); // SCENARIO.integrityBurst.count
  await burst.getByTestId('finding-evidence').click();
  await expect(page).toHaveURL(/errorClass=integrity/);
  const rows = page.getByTestId('events-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  await expect(rows).toHaveCount(count);
  for (const text of await rows.locator('td:nth-child(5)').allInnerTexts()) expect(text).toContain('KMSInvalidSignatureException');
});

test('rotation page shows rotation evidence and flags keys still used while deleting', async ({ page }) => {
  await page.goto('/rotation?range=7d');
  const table = page.getByTestId('rotation-table');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  await expect(table.locator('tr', { hasText: 'alias/old-export' })).toContainText('pending deletion');
  await expect(table.locator('tr', { hasText: 'alias/old-export' })).toContainText('still called');
  await expect(table.locator('tr', { hasText: 'alias/sessions' })).toContainText('off');
  // The setting shown holds since its latest change.
  await expect(table.locator('tr', { hasText: 'alias/app-data' })).toContainText(/every 365 days · since \d{4}-\d\d-\d\d/);
  await page.screenshot({ path: 'test-results/screenshots/rotation.png', fullPage: true });
  await page.goto(`/keys/${encodeURIComponent('alias/old-export')}?range=30d`);
  await expect(page.getByTestId('lifecycle')).toContainText('ScheduleKeyDeletion');
  // Its state now, above the changes: what the rotation page's row says of it.
  const state = page.getByTestId('key-state');
  await expect(state).toContainText('pending deletion');
  await expect(state).toContainText('still called');
  await expect(state).toContainText('Automatic rotation');
  await page.getByTestId('lifecycle-panel').screenshot({ path: 'test-results/screenshots/key-state.png' });
  // 90 days of a 30-day sample: the previous period holds no logs, so no key shows a previous count.
  await page.goto('/rotation?range=90d');
  await expect(page.getByTestId('rotation-stats')).toContainText('no earlier logs');
  await expect(table.locator('tbody tr').first()).toContainText('(—)');
  await expect(table).not.toContainText(/\(\d[\d,]*\)/);
  // The signing key cannot rotate automatically: n/a, with the reason.
  await expect(table.locator('tr', { hasText: 'alias/release-signing' })).toContainText('n/a: asymmetric or HMAC key');
  // The public trail's AWS managed keys (alias/aws/ssm…) rotate yearly by AWS: on, not unknown, never overdue.
  const ssm = table.locator('tr', { hasText: 'alias/aws/ssm' });
  await expect(ssm).toContainText(/on\s*every 365 days · AWS managed/);
  await expect(ssm).not.toContainText('overdue');
  // And the sample's own: EBS's key, whose alias only EC2's calls name (no CreateAlias in the logs).
  const ebs = table.locator('tr', { hasText: 'alias/aws/ebs' });
  await expect(ebs).toContainText(/on\s*every 365 days · AWS managed/);
  await expect(ebs).not.toContainText('overdue');
  await page.goto(`/keys/${encodeURIComponent('alias/aws/ssm')}`);
  await expect(page.getByTestId('key-aws-managed')).toContainText('AWS rotates it every year');
  // Its calls are all in July 2023, far outside the default 7 days: the timeline says how many, and where.
  const ssmArn = 'arn:aws:kms:us-east-1:123837392027:key/0e5d0ab6-097e-49d8-99ef-747ce3e5f8f4';
  const held = readAllRecords(REAL_LOGS).filter(({ record: r }) =>
    (r.resources as { ARN: string }[] | undefined)?.some((x) => x.ARN === ssmArn),
  ).length;
  await expect(page.getByTestId('timeline-panel')).toContainText(`The logs hold ${held} of its events, from 2023-07-10`);
  await page.getByTestId('key-seen-range').click();
  await expect(page).toHaveURL(/from=2023-07-10T00%3A00%3A00.000Z&to=2023-07-11T00%3A00%3A00.000Z/);
  await expect(page.locator('[data-testid="timeline-chart"] .recharts-bar-rectangle').first()).toBeVisible();
});

test('a principal page with nothing in its range says where its calls are; one the logs never name is a 404', async ({ page }) => {
  // The real trail's IAM user called KMS in July 2023, far outside the default 7 days.
  await page.goto(`/principals/${encodeURIComponent('arn:aws:iam::123837392027:user/bert-jan')}`);
  const link = page.getByTestId('principal-seen-range');
  await expect(link).toBeVisible();
  await expect(page.getByTestId('principal-keys-panel')).toContainText('The logs hold 240 of its calls');
  await link.click();
  await expect(page).toHaveURL(/from=2023-07-10.*to=2023-07-11/);
  await expect(page.getByTestId('principal-keys-panel').locator('tbody tr').first()).toBeVisible();
  // One the logs never name has no page: a 404 that says how principals are named.
  const res = await page.goto(`/principals/${encodeURIComponent('arn:aws:iam::999999999999:role/Nobody')}`);
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toContainText('a role is named arn:aws:iam::<account>:role/<path><name>');
  // A role's ARN without its path, as its sessions' ARNs and AccessDenied messages give it: the role, path included.
  const sso = 'AWSReservedSSO_ReadOnlyAccess_ff7f8c5c5851db50';
  await page.goto(
    `/principals/${encodeURIComponent(`arn:aws:iam::111111111111:role/${sso}`)}?from=2025-02-01T00:00:00Z&to=2025-03-01T00:00:00Z`,
  );
  await expect(page).toHaveURL(new RegExp(`/principals/[^?]*role%2Faws-reserved%2Fsso.amazonaws.com%2F[^?]*${sso}\\?from=2025-02-01`));
  await expect(page.getByTestId('principal-keys-panel').locator('tbody tr').first()).toBeVisible();
  // The events list says where that role's calls are.
  await page.goto(
    `/events?from=2025-02-01T00:00:00Z&to=2025-03-01T00:00:00Z&principal=${encodeURIComponent(`arn:aws:iam::111111111111:role/${sso}`)}`,
  );
  await page.getByTestId('principal-with-path').click();
  await expect(page.getByTestId('events-total')).toContainText(/^2 matching events/);
});

test("an event's principal, its events and its key open on the week around the call, not on the last days", async ({ page }) => {
  // A real trail's call from July 2023: the default range (the last 7 days) holds none of it.
  const bert = 'arn:aws:iam::123837392027:user/bert-jan';
  const calls = readAllRecords(REAL_LOGS)
    .map(({ record: r }) => r)
    .filter((r) => r.eventSource === 'kms.amazonaws.com' && (r.userIdentity as { arn?: string } | undefined)?.arn === bert);
  const ev = calls[0];
  // Its calls in the span the links give: its day and the 3 whole days each side (UTC).
  const DAY = 86_400_000;
  const day = Math.floor(Date.parse(ev.eventTime as string) / DAY) * DAY;
  const inWeek = calls.filter(
    (r) => Date.parse(r.eventTime as string) >= day - 3 * DAY && Date.parse(r.eventTime as string) < day + 4 * DAY,
  ).length;
  await page.goto(`/events/${encodeURIComponent(ev.eventID as string)}`);
  const facts = page.getByTestId('event-summary');
  await facts.getByRole('link', { name: 'its events, that week' }).click();
  await expect(page.getByTestId('events-total')).toContainText(new RegExp(`^${inWeek} matching events?`));
  await page.goBack();
  await facts.getByRole('link', { name: 'bert-jan' }).click();
  await expect(page.getByTestId('principal-keys-panel').locator('tbody tr').first()).toBeVisible();
  await page.goBack();
  await facts.getByTestId('event-key').click();
  await expect(page.locator('[data-testid="timeline-chart"] .recharts-bar-rectangle').first()).toBeVisible();
});

test("an event's source IP and user agent open every call from that address or with that agent, around it", async ({ page }) => {
  await page.goto(`/events?range=7d&key=${encodeURIComponent('alias/app-data')}&eventName=Decrypt`);
  await page.getByTestId('events-table').locator('tbody tr td:first-child a').first().click();
  const facts = page.locator('dl').first();
  const ip = (await facts.locator('dt:text-is("Source IP") + dd span').first().innerText()).trim();
  const agent = (await facts.locator('dt:text-is("User agent") + dd span').first().innerText()).trim();

  await facts.getByRole('link', { name: 'calls from this address, that day ±1' }).click();
  await expect(page).toHaveURL(new RegExp(`sourceIp=${encodeURIComponent(ip).replace(/\./g, '\\.')}`));
  // Any key, any operation: only the address is kept.
  await expect(page).not.toHaveURL(/key=|eventName=/);
  const rows = page.getByTestId('events-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  for (const cell of await rows.locator('td:nth-child(6)').allInnerTexts()) expect(cell.trim()).toBe(ip);

  await page.goBack();
  await facts.getByRole('link', { name: 'calls with this agent, that day ±1' }).click();
  await expect(page).toHaveURL(/userAgent=/);
  await expect(page.getByLabel('User agent contains')).toHaveValue(agent);
  await expect(rows.first()).toBeVisible();
  for (const cell of await rows.locator('td:nth-child(7)').allInnerTexts()) expect(cell.toLowerCase()).toContain(agent.toLowerCase());
});

test("a key's sources: each address opens exactly the calls it counts, and a principal's page lists its own", async ({ page }) => {
  await page.goto(`/keys/${encodeURIComponent('alias/app-data')}?range=7d`);
  const panel = page.getByTestId('source-ips-panel');
  const rows = panel.getByTestId('source-ips-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  await panel.screenshot({ path: 'test-results/screenshots/key-sources.png' });
  // The busiest source's calls, against the events list's own total for that key and address.
  const first = rows.first();
  const source = (await first.locator('td').first().getByRole('link').innerText()).trim();
  const calls = Number((await first.locator('td').nth(1).innerText()).replace(/,/g, ''));
  expect(calls).toBeGreaterThan(0);
  await first.locator('td').first().getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`sourceIp=${encodeURIComponent(source).replace(/\./g, '\\.')}`));
  await expect(page).toHaveURL(/key=arn/);
  await expect(page.getByTestId('events-total')).toContainText(`${calls.toLocaleString('en-US')} matching event`);

  // A principal's sources are its own calls, over every key.
  await page.goto(`/principals/${encodeURIComponent('arn:aws:iam::111122223333:role/AppServerRole')}?range=7d`);
  const mine = page.getByTestId('source-ips-panel').getByTestId('source-ips-table').locator('tbody tr');
  await expect(mine.first()).toBeVisible();
  await mine.first().locator('td').first().getByRole('link').click();
  await expect(page).toHaveURL(/principal=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2FAppServerRole/);
  await expect(page).toHaveURL(/sourceIp=/);
});

test('an alias several keys had lists the most recent key’s events and links the others', async ({ page, request }) => {
  // The sample moves alias/current-data from one key to another during the month.
  const before = 'arn:aws:kms:us-east-1:111122223333:key/1a2b3c4d-0001-4a00-8000-00000000a001';
  const after = 'arn:aws:kms:us-east-1:111122223333:key/1a2b3c4d-0014-4a00-8000-00000000a014';
  const count = await (await request.get(`/api/events/count?range=30d&key=${encodeURIComponent('alias/current-data')}`)).json();
  expect(count).toMatchObject({ keyArn: after, otherMatches: [before] });
  await page.goto(`/events?range=30d&eventName=Decrypt&key=${encodeURIComponent('alias/current-data')}`);
  const notice = page.getByTestId('events-other-keys');
  await expect(notice).toContainText('matches 2 keys');
  await expect(notice).toContainText(after);
  await notice.getByRole('link', { name: before }).click();
  await expect(page).toHaveURL(new RegExp(`eventName=Decrypt.*key=${encodeURIComponent(before).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await expect(page.getByTestId('events-other-keys')).toHaveCount(0);
  // The key page says the same, with a link to the other key's page.
  await page.goto(`/keys/${encodeURIComponent('alias/current-data')}?range=30d`);
  await expect(page.getByTestId('key-other-matches').getByRole('link', { name: before })).toHaveAttribute(
    'href',
    new RegExp(`^/keys/${encodeURIComponent(before)}`),
  );
  await page.screenshot({ path: 'test-results/screenshots/key-other-matches.png' });
});

test("an account's keys, whoever called: the Key's account filter lists the partner calls its trail's copies leave out", async ({
  page,
  request,
}) => {
  // 777788889999 owns alias/shared-secrets; 444455556666's role calls it, and KeyTrail keeps that caller's copy.
  // Whole UTC days, so the counts and the page read the same window whenever the minute turns.
  const DAY = 86_400_000;
  const to = new Date((Math.floor(Date.now() / DAY) + 1) * DAY);
  const q = `from=${new Date(to.getTime() - 30 * DAY).toISOString()}&to=${to.toISOString()}`;
  const byKeys = (await (await request.get(`/api/events/count?${q}&keyAccount=777788889999`)).json()).events;
  const byTrail = (await (await request.get(`/api/events/count?${q}&account=777788889999`)).json()).events;
  const partner = (await (await request.get(`/api/events/count?${q}&keyAccount=777788889999&account=444455556666`)).json()).events;
  expect(partner).toBeGreaterThan(0);
  expect(byKeys).toBeGreaterThan(byTrail);
  await page.goto(`/events?${q}&keyAccount=777788889999&account=444455556666`);
  await expect(page.getByTestId('events-filters').getByLabel('Key’s account (any caller)')).toHaveValue('777788889999');
  await expect(page.getByTestId('events-total')).toContainText(new RegExp(`^${partner.toLocaleString('en-US')} matching event`));
  await expect(page.getByTestId('events-table')).toContainText('CiDeployRole');
});
