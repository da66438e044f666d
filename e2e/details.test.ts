import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { extraDir, handToDashboard } from './hand-off';
import { ACCOUNTS, KEY_ARNS, roleArn } from '../lib/sample/scenario';
import { kmsRecord, readAllRecords, REAL_LOGS, writeTrailFile } from '../lib/test/fixtures';

/** Details an analyst or auditor relies on: forms that write the URL, exports that state the page's range, keyboard drill-down, partial buckets, bad parameters, the heatmap's scale. */

/** A date box's text (UTC, to the minute, as a CloudTrail time is often pasted: with a T) for an instant. */
const boxValue = (ms: number) => new Date(ms).toISOString().slice(0, 16);

test("each Apply on the events page takes the other form's unapplied edits too", async ({ page }) => {
  await page.goto('/events?range=7d');
  const picker = page.getByTestId('range-picker');
  const to = Date.parse((await picker.getAttribute('data-range-to'))!);
  const from = boxValue(to - 3 * 86_400_000);

  // A date typed, then the filters' Apply: both apply (the box used to show the date while the
  // list kept the old range).
  await page.getByLabel('From (UTC)').fill(from);
  await expect(page.getByTestId('range-not-applied')).toBeVisible();
  // Typed in lower case: eventName matches exactly, so the form writes it as CloudTrail does.
  await page.getByLabel('Operation').fill('decrypt');
  await page.getByTestId('events-filters').getByRole('button', { name: 'Apply' }).click();
  const fromIso = encodeURIComponent(new Date(`${from}:00Z`).toISOString());
  await expect(page).toHaveURL(new RegExp(`eventName=Decrypt.*from=${fromIso}|from=${fromIso}.*eventName=Decrypt`));
  await expect(page.getByTestId('range-not-applied')).toHaveCount(0);
  await expect(picker).toHaveAttribute('data-range-from', new Date(`${from}:00Z`).toISOString());

  // The other way round: a filter typed, then the range's Apply keeps it.
  await page.getByLabel('Region').fill('us-east-1');
  await page.getByLabel('From (UTC)').fill(boxValue(to - 2 * 86_400_000));
  await picker.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/region=us-east-1/);
  await expect(page).toHaveURL(/eventName=Decrypt/);
  await expect(page.getByLabel('Region')).toHaveValue('us-east-1');
});

test('a panel export asks for the instants the page was computed for, not the preset again', async ({ page }) => {
  await page.goto('/?range=7d');
  const picker = page.getByTestId('range-picker');
  const from = (await picker.getAttribute('data-range-from'))!;
  const to = (await picker.getAttribute('data-range-to'))!;
  const panel = page.getByTestId('kpi-panel');
  await panel.getByLabel(/^Export Summary/).click();
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('menuitem', { name: 'CSV' }).click()]);
  const url = new URL(download.url());
  expect(url.searchParams.get('range')).toBeNull();
  expect(url.searchParams.get('from')).toBe(from);
  expect(url.searchParams.get('to')).toBe(to);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv).toContain(`${from} → ${to}`);
});

test('a bad parameter in a shared link: the page names it, and drops only it on request', async ({ page }) => {
  const principal = 'arn:aws:iam::111122223333:role/AppServerRole';
  await page.goto(`/events?principal=${encodeURIComponent(principal)}&from=garbage&bucket=week`);
  const alert = page.locator('main').getByRole('alert');
  await expect(alert).toContainText('Parameter "bucket" must be one of auto, hour, day');
  await alert.getByTestId('reset-bad-params').click();
  await expect(page).toHaveURL(
    (u) => u.searchParams.get('principal') === principal && !u.searchParams.has('from') && !u.searchParams.has('bucket'),
  );
  await expect(page.getByTestId('events-table').locator('tbody tr').first()).toBeVisible();
});

test('a bucket the range covers only in part says so, and starts where the range does', async ({ page }) => {
  const to = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const from = new Date(to.getTime() - 3 * 86_400_000 + 13 * 3_600_000);
  await page.goto(`/keys/${encodeURIComponent('alias/app-data')}?from=${from.toISOString()}&to=${to.toISOString()}&bucket=day`);
  const panel = page.getByTestId('timeline-panel');
  await expect(panel.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(panel).toContainText('Faded bars: buckets the range covers only in part');
  await panel.getByRole('checkbox', { name: 'Show as table' }).check();
  const first = panel.locator('tbody tr').first().locator('td').first();
  const hours = Math.round((Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1) - from.getTime()) / 360_000) / 10;
  await expect(first).toContainText(`(partial: ${hours} h of the day in range)`);
  await expect(first).toContainText(from.toISOString().slice(11, 16));
});

test('the failures heatmap has a scale and names its busiest cell in words', async ({ page }) => {
  await page.goto('/failures?range=30d');
  const heatmap = page.getByTestId('weekday-hour-heatmap');
  await expect(heatmap.locator('a.heat-cell').first()).toBeVisible();
  const counts = await heatmap.locator('a.heat-cell').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
  const max = Math.max(...counts);
  await expect(heatmap.getByTestId('heatmap-legend')).toContainText(
    new RegExp(`Busiest: \\w{3} \\d{2}:00 UTC, ${max.toLocaleString('en-US')} failed`),
  );
  // A screen reader hears each cell's count of failed calls, and the class when a toggle picked one.
  const busiest = heatmap.locator('a.heat-cell').nth(counts.indexOf(max));
  await expect(busiest).toHaveAccessibleName(new RegExp(`^\\w{3} \\d{2}:00 UTC: ${max.toLocaleString('en-US')} failed$`));
  await heatmap.getByRole('button', { name: 'Integrity', exact: true }).click();
  await expect(heatmap.locator('a.heat-cell').first()).toHaveAccessibleName(/^\w{3} \d{2}:00 UTC: [\d,]+ failed \(Integrity\)$/);
});

test('the Principal box finds a role by part of its name, or one principal exactly', async ({ page }) => {
  await page.goto('/events?range=7d');
  const form = page.getByTestId('events-filters');
  // Typed text is a search by default: part of the principal or session, any case.
  await expect(form.getByLabel('Principal match')).toHaveValue('contains');
  await form.getByRole('textbox', { name: 'Principal' }).fill('appserver');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/principalContains=appserver/);
  const cells = page.getByTestId('events-table').locator('tbody tr td:nth-child(3)');
  await expect(cells.first()).toBeVisible();
  for (const text of await cells.allTextContents()) expect(text.toLowerCase()).toContain('appserverrole');

  // "is exactly" with the same text finds nothing: no principal is called "appserver".
  await form.getByLabel('Principal match').selectOption('is');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]principal=appserver/);
  expect(new URL(page.url()).searchParams.get('principalContains')).toBeNull();
  await expect(page.getByTestId('events-table')).toHaveCount(0);
  // The empty list offers the same text as a search.
  await page.getByTestId('principal-widen').click();
  await expect(page).toHaveURL(/principalContains=appserver/);
  await expect(page.getByTestId('events-table').locator('tbody tr').first()).toBeVisible();

  // A drill-down's principal arrives as an exact match, and the box says so.
  const role = 'arn:aws:iam::111122223333:role/AppServerRole';
  await page.goto(`/events?range=7d&principal=${encodeURIComponent(role)}`);
  await expect(form.getByLabel('Principal match')).toHaveValue('is');
  await expect(form.getByRole('textbox', { name: 'Principal' })).toHaveValue(role);
});

test('on a phone, events and findings are cards: nothing runs off to the right', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = (testId: string) =>
    page.getByTestId(testId).evaluate((t) => {
      const box = t.parentElement!;
      return { scroll: box.scrollWidth, width: box.clientWidth };
    });
  await page.goto('/events?range=7d');
  const events = page.getByTestId('events-table');
  await expect(events.locator('tbody tr').first()).toBeVisible();
  let o = await overflow('events-table');
  expect(o.scroll).toBeLessThanOrEqual(o.width);
  // Each card shows its principal and its user agent, not just the time and operation.
  const first = events.locator('tbody tr').first();
  const box = (await first.boundingBox())!;
  for (const cell of await first.locator('td').all()) {
    const b = await cell.boundingBox();
    if (b && b.width > 0) expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 1);
  }
  // The header row is hidden on a phone: each value says what it is.
  await expect(first.getByText('Key', { exact: true })).toBeVisible();
  await expect(first.getByText('Agent', { exact: true })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/events-phone.png' });

  await page.goto('/findings?range=7d');
  const findings = page.getByTestId('findings-table');
  await expect(findings).toContainText('Burst of AccessDenied');
  o = await overflow('findings-table');
  expect(o.scroll).toBeLessThanOrEqual(o.width);
  // The count is labelled, since the header row is not shown.
  await expect(findings.locator('tbody tr').first()).toContainText('Count');
  // Every card reads the same way: the key, then the principal, each labelled on a line of its own
  // at the card's left edge (they wrapped in beside the rule in some cards and under it in others).
  const cards = await findings.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => {
      const [severity, , key, principal] = [...r.querySelectorAll('td')].map((td) => td.getBoundingClientRect());
      return { left: severity.left, key: key.left, principal: principal.left, keyTop: key.top, principalTop: principal.top };
    }),
  );
  expect(cards.length).toBeGreaterThan(3);
  for (const c of cards) {
    expect(c.key).toBe(c.left);
    expect(c.principal).toBe(c.left);
    expect(c.principalTop).toBeGreaterThan(c.keyTop);
  }
  await expect(findings.locator('tbody tr').first().locator('td').nth(2)).toHaveText(/^Key /);
  await expect(findings.locator('tbody tr').first().locator('td').nth(3)).toHaveText(/^Principal /);
  await page.screenshot({ path: 'test-results/screenshots/findings-phone.png', fullPage: true });
});

test('events and findings name a key by its alias; the full ARN stays in its title and the evidence link', async ({ page }) => {
  const signing = /^arn:aws:kms:us-east-1:\d{12}:key\/1a2b3c4d-0015-4a00-8000-00000000a015$/;
  await page.goto(`/events?key=${encodeURIComponent('alias/release-signing')}&range=30d`);
  // Columns: time, operation, principal, key.
  const keys = page.getByTestId('events-table').locator('tbody tr td:nth-child(4) > div:first-child');
  await expect(keys.first()).toContainText('alias/release-signing');
  const cells = await keys.evaluateAll((els) => els.map((e) => [e.textContent, e.getAttribute('title')] as const));
  expect(cells.length).toBeGreaterThan(0);
  for (const [text, title] of cells) {
    expect(text).toBe('Keyalias/release-signing'); // "Key" is the phone-only label
    expect(title).toMatch(signing);
  }
  await page.screenshot({ path: 'test-results/screenshots/events-key-alias.png' });

  // The planted denial burst on alias/payments says so, and its evidence link still filters by ARN.
  await page.goto('/findings?range=30d&rule=denial-burst');
  await expect(page.getByTestId('findings-panel')).toContainText(
    /AccessDenied within 10 minutes on alias\/payments \(1a2b3c4d-0002-4a00-8000-00000000a002\)/,
  );
  const href = await page.getByTestId('finding-evidence').first().getAttribute('href');
  expect(new URLSearchParams(href!.split('?')[1]).get('key')).toMatch(/^arn:aws:kms:us-east-1:\d{12}:key\/1a2b3c4d-0002-/);
  await page.screenshot({ path: 'test-results/screenshots/findings-key-alias.png', fullPage: true });
});

test("an event's summary says which credentials signed it: the access key, its kind and MFA", async ({ page }) => {
  // The first KMS record of the public Stratus trail, read here as plain JSON: an IAM user's temporary key, no MFA.
  const rec = readAllRecords(REAL_LOGS).find(({ record: r }) => r.eventSource === 'kms.amazonaws.com')!.record as {
    eventID: string;
    eventTime: string;
    userIdentity: { accessKeyId: string };
  };
  await page.goto(`/events/${rec.eventID}?t=${encodeURIComponent(rec.eventTime)}`);
  const key = rec.userIdentity.accessKeyId;
  await expect(page.getByTestId('event-credentials')).toHaveText(`${key} · temporary (STS) · no MFA · its calls that day ±1`);
  // The key's calls, the day before to the day after: counted here over the fixture's JSON.
  const day = Date.UTC(2023, 6, 10);
  const signed = readAllRecords(REAL_LOGS).filter(({ record: r }) => {
    const t = Date.parse(r.eventTime as string);
    return (
      r.eventSource === 'kms.amazonaws.com' &&
      (r.userIdentity as { accessKeyId?: string }).accessKeyId === key &&
      t >= day - 86_400_000 &&
      t < day + 2 * 86_400_000
    );
  }).length;
  expect(signed).toBeGreaterThan(0);
  await page.getByRole('link', { name: 'its calls that day ±1' }).click();
  await expect(page).toHaveURL(new RegExp(`accessKeyId=${key}`));
  await expect(page.getByTestId('events-filters').getByLabel('Access key id')).toHaveValue(key);
  await expect(page.getByTestId('events-total')).toContainText(new RegExp(`^${signed} matching events?`));
});

test("a key page's events name a ReEncrypt's other key, which way the data went, and link to it", async ({ page }) => {
  // A migration from alias/legacy-batch into alias/logs-archive (the sample has none between two
  // keys), handed to the running dashboard as `npm run ingest` would, two minutes before now.
  const [src, dest] = [KEY_ARNS['legacy-batch'], KEY_ARNS['logs-archive']];
  const role = roleArn(ACCOUNTS.prod, 'BatchJobRole');
  const dir = extraDir('reencrypt');
  const record = kmsRecord({
    eventID: '7ee0c0de-0000-4000-8000-000000000001',
    eventName: 'ReEncrypt',
    eventTime: new Date(Math.floor(Date.now() / 1000) * 1000 - 120_000).toISOString().replace('.000Z', 'Z'),
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ACCOUNTS.prod}:assumed-role/BatchJobRole/migrate`,
      accountId: ACCOUNTS.prod,
      sessionContext: { sessionIssuer: { type: 'Role', arn: role, accountId: ACCOUNTS.prod, userName: 'BatchJobRole' } },
    },
    recipientAccountId: ACCOUNTS.prod,
    requestParameters: {
      sourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      destinationKeyId: dest,
      destinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    },
    resources: [src, dest].map((ARN) => ({ accountId: ACCOUNTS.prod, type: 'AWS::KMS::Key', ARN })),
  });
  writeTrailFile(dir, 'reencrypt', [record], { account: ACCOUNTS.prod });
  const code = await handToDashboard(dir);
  expect(code).toBe(0);

  // On the source key: where the data went, by its alias, the full ARN in the title.
  await page.goto(`/keys/${encodeURIComponent('alias/legacy-batch')}?range=7d`);
  const recent = page.getByTestId('recent-panel');
  const row = recent.getByTestId('events-table').locator('tbody tr', { hasText: 'ReEncrypt' }).first();
  const other = row.locator('td:nth-child(2) > div');
  await expect(other).toHaveText('→ to alias/logs-archive');
  await expect(other).toHaveAttribute('title', `destination: ${dest}`);
  await recent.screenshot({ path: 'test-results/screenshots/key-events-reencrypt.png' });

  // On a phone the row is a card: the other key stays beside the operation, inside the card.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(other).toBeVisible();
  const card = (await row.boundingBox())!;
  const box = (await other.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(card.x + card.width + 1);
  const table = await recent
    .getByTestId('events-table')
    .evaluate((t) => ({ scroll: t.parentElement!.scrollWidth, width: t.parentElement!.clientWidth }));
  expect(table.scroll).toBeLessThanOrEqual(table.width);
  // The panel's top, its first cards, filling the phone's screen (the whole panel is 25 of them).
  await recent.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: 'test-results/screenshots/key-events-reencrypt-phone.png' });
  await page.setViewportSize({ width: 1400, height: 900 });

  // Its link opens the destination's page (over the same window), which says where the data came from.
  const picker = page.getByTestId('range-picker');
  const shown = { from: (await picker.getAttribute('data-range-from'))!, to: (await picker.getAttribute('data-range-to'))! };
  await other.getByRole('link', { name: 'alias/logs-archive' }).click();
  await expect(page).toHaveURL(`/keys/${encodeURIComponent(dest)}?${new URLSearchParams(shown)}`);
  const back = page.getByTestId('recent-panel').locator('tbody tr', { hasText: 'ReEncrypt' }).first().locator('td:nth-child(2) > div');
  await expect(back).toHaveText('← from alias/legacy-batch');
  await expect(back).toHaveAttribute('title', `source: ${src}`);
  await expect(back.getByRole('link')).toHaveAttribute('href', `/keys/${encodeURIComponent(src)}?${new URLSearchParams(shown)}`);
});

test("the report says a multi-Region replica's rotation was set on its primary, and where", async ({ page }) => {
  // Rotation turned on at a primary in us-east-1; its replica in eu-west-1 is only used. Handed to
  // the running dashboard as `npm run ingest` would, minutes before now.
  const id = 'mrk-e2e0a11ce0000400080000000000a0ff';
  const [primary, replica] = ['us-east-1', 'eu-west-1'].map((r) => `arn:aws:kms:${r}:${ACCOUNTS.prod}:key/${id}`);
  const at = (minutesAgo: number) =>
    new Date(Math.floor(Date.now() / 60_000) * 60_000 - minutesAgo * 60_000).toISOString().replace('.000Z', 'Z');
  const dir = extraDir('mrk');
  const res = (arn: string) => [{ accountId: ACCOUNTS.prod, type: 'AWS::KMS::Key', ARN: arn }];
  writeTrailFile(
    dir,
    'mrk',
    [
      kmsRecord({
        eventID: '7ee0c0de-0000-4000-8000-0000000000a1',
        eventName: 'EnableKeyRotation',
        eventTime: at(30),
        awsRegion: 'us-east-1',
        requestParameters: { keyId: primary },
        resources: res(primary),
      }),
      kmsRecord({
        eventID: '7ee0c0de-0000-4000-8000-0000000000a2',
        eventName: 'Decrypt',
        eventTime: at(20),
        awsRegion: 'eu-west-1',
        resources: res(replica),
      }),
    ],
    { account: ACCOUNTS.prod },
  );
  expect(await handToDashboard(dir)).toBe(0);
  await page.goto('/report?range=7d');
  const row = page.locator('tr', { hasText: `key/${id}` }).filter({ hasText: 'eu-west-1' });
  await expect(row.first()).toContainText('on (set on the primary in us-east-1)');
});

test('a key KMS never found is marked so in the keys list and on its page, and a real key is not', async ({ page }) => {
  // From the real trail's JSON: a DescribeKey of AWS's documentation example key, answered NotFoundException
  // (no resources, no request parameters: the key is named only in the error message).
  const probes = readAllRecords(REAL_LOGS)
    .map(({ record: r }) => r as { errorCode?: string; errorMessage?: string; eventTime: string })
    .filter((r) => r.errorCode === 'NotFoundException');
  expect(probes.length).toBeGreaterThan(0);
  const keyArn = /(arn:aws:kms:[^']+:key\/[^']+)/.exec(probes[0].errorMessage!)![1];
  const day = probes[0].eventTime.slice(0, 10);
  const range = `from=${day}T00:00:00.000Z&to=${new Date(Date.parse(day) + 86_400_000).toISOString()}`;

  await page.goto(`/?${range}`);
  const row = page.getByTestId('keys-table').locator('tr', { hasText: keyArn });
  await expect(row.getByTestId('key-not-found')).toBeVisible();
  await row.getByRole('link').first().click();
  await expect(page.getByTestId('key-arn')).toHaveText(keyArn);
  await expect(page.getByTestId('key-no-such-key')).toContainText('NotFoundException to every call naming this key');

  // The rotation page and the report leave it out of their figures and say so; the report's top keys mark it.
  await page.goto(`/rotation?${range}`);
  await expect(page.getByTestId('rotation-not-found')).toContainText(keyArn.split(':').pop()!);
  await page.goto(`/report?${range}`);
  await expect(page.getByText(/Not counted: 1 key id the logs name/)).toBeVisible();
  const marked = page.locator('tr', { hasText: '(no such key' });
  await expect(marked).toHaveCount(1);
  await expect(marked).toContainText(keyArn.split(':').pop()!);

  // A key in use says nothing of the kind.
  await page.goto(`/keys/${encodeURIComponent(KEY_ARNS['app-data'])}?range=30d`);
  await expect(page.getByTestId('kpi-panel').getByText('KMS calls')).toBeVisible();
  await expect(page.getByTestId('key-no-such-key')).toHaveCount(0);
});

test('the report says when its top keys and top principals leave some out, and the failures grid names calls that name no key', async ({
  page,
  request,
}) => {
  // 30 days of the sample: more keys than the report lists (15), more principals than it lists (10).
  const keys = (await (await request.get('/api/keys?range=30d')).json()).keys.length;
  await page.goto('/report?range=30d');
  await expect(page.getByTestId('report-keys-shown')).toContainText(`The 15 busiest of ${keys} keys`);
  await expect(page.getByTestId('report-principals-shown')).toContainText('The 10 busiest of');
  // The real trail's denied CreateKey names no key: its column is labelled so, not cut to its last characters.
  await page.goto('/failures?from=2025-02-01T00:00:00Z&to=2025-03-01T00:00:00Z');
  const heads = page.getByTestId('principal-key-panel').locator('thead th');
  await expect(heads.filter({ hasText: '(unknown key)' })).toHaveCount(1);
});
