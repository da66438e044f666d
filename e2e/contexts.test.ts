import { expect, test } from '@playwright/test';
import { readAllRecords, REAL_LOGS } from '../lib/test/fixtures';

/** Encryption contexts (what the data was) on the public Stratus trail: counted here over its JSON, never by the SQL under test. */

test('a key page says what its calls protected (encryption contexts), and each opens exactly its calls', async ({ page }) => {
  // The public Stratus trail's Secrets Manager key: the secrets an attacker's GetSecretValue calls decrypted.
  type Rec = { eventID: string; eventTime: string; resources?: { ARN: string }[]; requestParameters?: { encryptionContext?: object } };
  const kms = readAllRecords(REAL_LOGS)
    .map(({ record }) => record)
    .filter((r) => r.eventSource === 'kms.amazonaws.com') as Rec[];
  const ctxOf = (r: Rec) => JSON.stringify(r.requestParameters?.encryptionContext ?? {});
  const keyArn = kms.find((r) => ctxOf(r).includes('"SecretARN"'))!.resources![0].ARN;
  const ofKey = kms.filter((r) => r.resources?.some((x) => x.ARN === keyArn));
  const withContext = ofKey.filter((r) => ctxOf(r) !== '{}');
  const distinct = new Set(withContext.map(ctxOf));
  expect(distinct.size).toBeGreaterThan(10);

  await page.goto(`/keys/${encodeURIComponent(keyArn)}?from=2023-07-10&to=2023-07-11`);
  const panel = page.getByTestId('contexts-panel');
  await expect(panel.getByTestId('contexts-totals')).toContainText(
    `${withContext.length} of ${ofKey.length} calls to this key in this range passed an encryption context`,
  );
  await expect(panel.getByTestId('contexts-totals')).toContainText(`${distinct.size} distinct contexts`);
  const rows = panel.getByTestId('contexts-table').locator('tbody tr');
  // Ten at first, then all of them (and the toggle's own row) on request.
  await expect(rows).toHaveCount(11);
  await panel.getByRole('button', { name: `Show all ${distinct.size} contexts` }).click();
  await expect(rows).toHaveCount(distinct.size + 1);
  await expect(rows.first()).toContainText('Secrets Manager secret');
  await page.screenshot({ path: 'test-results/screenshots/key-contexts.png', fullPage: true });

  // The first row's secret version, read off the page, then counted over the JSON.
  const version = /SecretVersionId = (\S+)/.exec((await rows.first().innerText()).replace(/\s+/g, ' '))![1];
  const calls = withContext.filter((r) => ctxOf(r).includes(`"SecretVersionId":"${version}"`));
  // As shown on a wide screen (the cell's phone label is hidden there).
  await expect(rows.first().locator('td').nth(1)).toHaveText(String(calls.length), { useInnerText: true });
  await rows.first().getByRole('link', { name: 'events' }).click();
  await expect(page.getByTestId('events-filters').getByLabel('Encryption context contains')).toHaveValue(new RegExp(version));
  await expect(page.getByTestId('events-total')).toContainText(new RegExp(`^${calls.length} matching events?`));

  // One of them: its summary shows the context, and links back to the same data's calls.
  await page.goto(`/events/${calls[0].eventID}?t=${encodeURIComponent(calls[0].eventTime)}`);
  await expect(page.getByTestId('event-contexts')).toContainText(`SecretVersionId = ${version}`);
  await page.getByRole('link', { name: 'calls to this key with this context, ±7 days' }).click();
  await expect(page.getByTestId('events-total')).toContainText(new RegExp(`^${calls.length} matching events?`));

  // The caller's own page: what it decrypted on every key (here SSM's parameters and the secrets).
  const user = (calls[0] as unknown as { userIdentity: { arn: string } }).userIdentity.arn;
  const itsCalls = kms.filter((r) => (r as unknown as { userIdentity?: { arn?: string } }).userIdentity?.arn === user);
  const itsContexts = new Set(itsCalls.map(ctxOf).filter((c) => c !== '{}'));
  await page.goto(`/principals/${encodeURIComponent(user)}?from=2023-07-10&to=2023-07-11`);
  const mine = page.getByTestId('contexts-panel');
  await expect(mine.getByTestId('contexts-totals')).toContainText(
    `${itsCalls.filter((r) => ctxOf(r) !== '{}').length} of ${itsCalls.length} calls by this principal in this range passed an encryption context`,
  );
  // More than a page lists: the 50 most used, and the button says so rather than "all".
  expect(itsContexts.size).toBeGreaterThan(50);
  await expect(mine.getByTestId('contexts-totals')).toContainText(`the 50 most used of ${itsContexts.size} distinct contexts are listed`);
  await mine.getByRole('button', { name: 'Show the 50 most used' }).click();
  await expect(mine.getByTestId('contexts-table').locator('tbody tr')).toHaveCount(51);
  await expect(mine.getByRole('link', { name: 'alias/aws/ssm' }).first()).toBeVisible();
});

test('the contexts panel lists the last seen first on request, as links that write the URL', async ({ page }) => {
  // The Stratus harvest's caller: more than 50 secrets and parameters, most read once, so "most used" buries them.
  type Rec = {
    eventTime: string;
    eventSource: string;
    userIdentity?: { arn?: string };
    requestParameters?: { encryptionContext?: object };
  };
  const kms = readAllRecords(REAL_LOGS)
    .map(({ record }) => record as unknown as Rec)
    .filter((r) => r.eventSource === 'kms.amazonaws.com');
  const ctxOf = (r: Rec) => JSON.stringify(r.requestParameters?.encryptionContext ?? {});
  const user = kms.find((r) => ctxOf(r).includes('"SecretARN"'))!.userIdentity!.arn!;
  const per = new Map<string, { calls: number; last: string }>();
  for (const r of kms.filter((x) => x.userIdentity?.arn === user && ctxOf(x) !== '{}')) {
    const c = per.get(ctxOf(r)) ?? { calls: 0, last: '' };
    per.set(ctxOf(r), { calls: c.calls + 1, last: r.eventTime > c.last ? r.eventTime : c.last });
  }
  // As the page promises: the last call first, then the most calls, then the text.
  const expected = [...per].sort(([ka, a], [kb, b]) => b.last.localeCompare(a.last) || b.calls - a.calls || (ka < kb ? -1 : 1));
  const lastValue = (json: string) => String(Object.values(JSON.parse(json) as Record<string, string>).pop());

  const path = `/principals/${encodeURIComponent(user)}`;
  await page.goto(`${path}?from=2023-07-10&to=2023-07-11`);
  const panel = page.getByTestId('contexts-panel');
  const order = panel.getByTestId('contexts-order');
  await expect(order.getByText('Most used')).toHaveAttribute('aria-current', 'true');
  await order.getByRole('link', { name: 'Last seen' }).click();
  await expect(page).toHaveURL(
    (u) => u.pathname === path && u.searchParams.get('contextsOrder') === 'recent' && u.searchParams.get('from') !== null,
  );
  await expect(order.getByText('Last seen')).toHaveAttribute('aria-current', 'true');
  await expect(panel.getByTestId('contexts-totals')).toContainText(`the 50 last seen of ${per.size} distinct contexts are listed`);
  const rows = panel.getByTestId('contexts-table').locator('tbody tr');
  for (const [i, [json]] of expected.slice(0, 5).entries()) await expect(rows.nth(i)).toContainText(lastValue(json));
  await expect(rows.first().locator('td').nth(4)).toContainText(expected[0][1].last.slice(11, 16));
  // The panel's export is of the list as shown.
  await expect(panel).toHaveAttribute('data-export-params', JSON.stringify({ principal: user, contextsOrder: 'recent' }));
  await page.screenshot({ path: 'test-results/screenshots/principal-contexts-recent.png', fullPage: true });
  // Back to the default, which leaves the URL.
  await order.getByRole('link', { name: 'Most used' }).click();
  await expect(page).toHaveURL((u) => !u.searchParams.has('contextsOrder'));
  await expect(panel.getByTestId('contexts-totals')).toContainText('the 50 most used of');

  // A value the page does not know: the notice names it, and no panel runs.
  await page.goto(`${path}?contextsOrder=newest`);
  await expect(page.getByTestId('bad-url')).toContainText('Parameter "contextsOrder" must be calls or recent');
  await expect(page.getByTestId('contexts-panel')).toHaveCount(0);
});
