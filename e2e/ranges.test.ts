import { expect, test } from '@playwright/test';
import { extraDir, handToDashboard } from './hand-off';
import { kmsRecord, writeTrailFile } from '../lib/test/fixtures';

/** Time ranges as a user sets and reads them: the date boxes, and the failures grid's days (quiet, unlogged, cut by the range). */

test('the date boxes take a time as pasted from an event or from the page, in 24-hour UTC, and name a typo', async ({ page }) => {
  await page.goto('/events?range=7d');
  const picker = page.getByTestId('range-picker');
  const from = picker.getByLabel('From (UTC)');
  const to = picker.getByLabel('To (UTC)');
  // The preset's instants, as the boxes show them: 24-hour, no AM/PM.
  const shownTo = (await picker.getAttribute('data-range-to'))!;
  await expect(to).toHaveValue(`${shownTo.slice(0, 10)} ${shownTo.slice(11, 16)}`);
  // A CloudTrail eventTime, and a time as KeyTrail prints it.
  await from.fill('2026-11-20T14:05:09Z');
  await to.fill('2026-11-21 06:30 UTC');
  await picker.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/from=2026-11-20T14%3A05%3A09.000Z/);
  await expect(page).toHaveURL(/to=2026-11-21T06%3A30%3A00.000Z/);
  await expect(from).toHaveValue('2026-11-20 14:05:09');
  await expect(to).toHaveValue('2026-11-21 06:30');
  // A typo is named beside its box, and the page stays where it was.
  await to.fill('2026-11-31 06:30');
  await picker.getByRole('button', { name: 'Apply' }).click();
  await expect(picker.getByRole('alert')).toHaveText('Not a date: try 2026-11-20 or 2026-11-20 14:05');
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/to=2026-11-21T06%3A30%3A00.000Z/);
  await page.screenshot({ path: 'test-results/screenshots/range-typo.png' });
});

test('the failures day grid has a column for every day: a quiet day is empty, a day with no logs is struck out, a cut day drills to its part', async ({
  page,
}) => {
  // Three calls in March 2024, where nothing else in the e2e store lies: a denial on the 6th, a
  // success beside it, a throttle on the 8th. Nothing fails on the 7th.
  const dir = extraDir('day-grid');
  const denied = { errorCode: 'AccessDeniedException', errorMessage: 'not authorized' };
  writeTrailFile(dir, 'day-grid', [
    kmsRecord({ eventTime: '2024-03-06T10:00:00Z', ...denied }),
    kmsRecord({ eventTime: '2024-03-06T11:00:00Z' }),
    kmsRecord({ eventTime: '2024-03-08T09:00:00Z', errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' }),
  ]);
  expect(await handToDashboard(dir)).toBe(0);

  // 4 Mar 12:00 → 10 Mar: six day columns. The logs begin at the denial and end at the throttle,
  // so the 4th, the 5th and the 9th have none (two rows each are dashed).
  await page.goto('/failures?from=2024-03-04T12:00:00Z&to=2024-03-10T00:00:00Z');
  const grid = page.getByTestId('day-error-heatmap');
  await expect(grid.locator('thead th[scope=col]')).toHaveText(['03-04', '03-05', '03-06', '03-07', '03-08', '03-09']);
  await expect(grid.locator('tbody th')).toHaveText(['AccessDeniedException', 'ThrottlingException']);
  await expect(grid.locator('[data-no-logs]')).toHaveCount(6);
  await expect(page.getByTestId('day-error-no-logs')).toContainText('before 2024-03-06 10:00 UTC or after 2024-03-08 09:00 UTC');
  const deniedCell = grid.getByRole('link', { name: '2024-03-06 AccessDeniedException: 1' });
  await expect(deniedCell).toHaveAttribute('href', /from=2024-03-06T00%3A00%3A00.000Z&to=2024-03-07T00%3A00%3A00.000Z/);
  await page.getByTestId('day-error-panel').screenshot({ path: 'test-results/screenshots/failures-day-grid.png' });

  // A range that starts at 06:00 on the 6th: that column counts from 06:00, and so does its link.
  await page.goto('/failures?from=2024-03-06T06:00:00Z&to=2024-03-09T00:00:00Z');
  await expect(grid.locator('[data-no-logs]')).toHaveCount(0);
  await grid.getByRole('link', { name: '2024-03-06 AccessDeniedException: 1' }).click();
  await expect(page).toHaveURL(/from=2024-03-06T06%3A00%3A00.000Z/);
  await expect(page.getByTestId('events-table').locator('tbody tr')).toHaveCount(1);
});

test('a range with no logs at all says so on findings, failures and events, not "nothing happened"', async ({ page }) => {
  // Each page's filters stay on the links: only the range changes.
  for (const [path, filter] of [
    ['/findings', 'rule=root-use'],
    ['/failures', ''],
    ['/events', 'eventName=Decrypt'],
  ]) {
    await page.goto(`${path}?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z${filter ? `&${filter}` : ''}`);
    const hint = page.getByRole('status').filter({ hasText: 'No KMS events between' }).first();
    await expect(hint, path).toBeVisible();
    await expect(hint.getByRole('link', { name: 'Show the latest period with data' })).toHaveAttribute(
      'href',
      new RegExp(`^${path}\\?${filter ? `${filter}&` : ''}from=[^&]+&to=[^&]+$`),
    );
  }
  // A range with logs but nothing to report keeps the plain message.
  await page.goto('/findings?range=7d&rule=root-use&principal=arn:aws:iam::999999999999:role/Nobody');
  await expect(page.getByText('No findings in this range for these filters.')).toBeVisible();
  await expect(page.getByText('No KMS events between')).toHaveCount(0);
});

test('a range typed into the future says so in its header', async ({ page }) => {
  await page.goto('/rotation?from=2029-12-25T00:00:00Z&to=2030-01-01T00:00:00Z');
  await expect(page.getByTestId('range-future')).toContainText('this range ends in the future');
  await page.goto('/rotation?range=7d');
  await expect(page.getByTestId('range-label')).toBeVisible();
  await expect(page.getByTestId('range-future')).toHaveCount(0);
});
