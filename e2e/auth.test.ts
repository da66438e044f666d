import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { AUTH_PORT } from '../playwright.config';

/**
 * With sign-in on, every page, API route and export requires it. The route list
 * is read from the app directory, so a new route cannot be forgotten.
 */
const BASE = `http://127.0.0.1:${AUTH_PORT}`;
const SAMPLE: Record<string, string> = {
  key: encodeURIComponent('alias/aws/ssm'),
  eventId: 'a9bef0b7-2ecd-4385-9651-101a27440044',
  principal: encodeURIComponent('arn:aws:iam::123837392027:user/bert-jan'),
  panel: 'keys',
};
const OPEN = [/^\/api\/auth\//, /^\/api\/admin\/ingest$/];

function routes(): { path: string; api: boolean }[] {
  const out: { path: string; api: boolean }[] = [];
  const walk = (dir: string, segs: string[]) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), [...segs, e.name]);
      else if (e.name === 'page.tsx' || e.name === 'route.ts') {
        const p = '/' + segs.map((s) => (s.startsWith('[') ? SAMPLE[s.slice(1, -1)] : s)).join('/');
        if (!OPEN.some((o) => o.test(p))) out.push({ path: p, api: e.name === 'route.ts' });
      }
    }
  };
  walk(path.resolve(__dirname, '../app'), []);
  return out;
}

const RANGE = 'from=2023-07-10&to=2023-07-11';
const withRange = (p: string) => `${p}${p.includes('?') ? '&' : '?'}${RANGE}`;

async function signIn(page: Page, user: string) {
  await page.goto(`${BASE}/`);
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/interaction\//);
  await page.locator('input[name="login"]').fill(user);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  // The provider asks for consent the first time.
  if (
    await page
      .locator('button[autofocus], button[type="submit"]')
      .first()
      .isVisible()
      .catch(() => false)
  ) {
    if (/interaction/.test(page.url())) await page.locator('button[type="submit"]').first().click();
  }
  await expect(page).toHaveURL(`${BASE}/`);
}

test.describe('sign-in required', () => {
  test('without a session every route answers 401 (API) or redirects to sign-in (pages)', async ({ request }) => {
    const list = routes();
    expect(list.length).toBeGreaterThan(15);
    for (const r of list) {
      const res = await request.get(`${BASE}${withRange(r.path)}`, { maxRedirects: 0 });
      if (r.api) expect(res.status(), r.path).toBe(401);
      else {
        expect(res.status(), r.path).toBeGreaterThanOrEqual(300);
        expect(res.status(), r.path).toBeLessThan(400);
        expect(res.headers()['location'], r.path).toContain('/api/auth/login');
      }
    }
    // A forged identity header is not a session.
    expect((await request.get(`${BASE}/api/keys`, { headers: { 'x-keytrail-user': '{"sub":"admin","role":"analyst"}' } })).status()).toBe(
      401,
    );
  });

  test('signing in with the identity provider opens every route, with a secure httpOnly session cookie', async ({ page }) => {
    await signIn(page, 'alice');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'kt_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.secure).toBe(true);
    // Wait for the KEYTRAIL_LOGS ingest at start.
    await expect
      .poll(async () => ((await (await page.request.get(`${BASE}/api/keys?${RANGE}`)).json()) as { keys: unknown[] }).keys.length, {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    for (const r of routes()) {
      const res = await page.request.get(`${BASE}${withRange(r.path)}`);
      expect(res.status(), r.path).toBe(200);
    }
    await page.screenshot({ path: 'test-results/screenshots/signed-in.png' });
  });

  test('a viewer can read but cannot export', async ({ browser }) => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'viewer-bob');
    expect((await page.request.get(`${BASE}/api/keys?${RANGE}`)).status()).toBe(200);
    expect((await page.request.get(`${BASE}/api/export/keys?${RANGE}&format=csv`)).status()).toBe(403);
    expect((await page.request.get(`${BASE}/api/events/export?${RANGE}`)).status()).toBe(403);
    // … and is not offered the export menus or the evidence pack.
    await page.goto(`${BASE}/?${RANGE}`);
    await expect(page.getByTestId('keys-table')).toBeVisible();
    await expect(page.locator('[data-export-menu]')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Evidence pack (ZIP)' })).toHaveCount(0);
    // An event's raw record: read on its page, not taken away as a file.
    const ev = ((await (await page.request.get(`${BASE}/api/events?${RANGE}&limit=25`)).json()) as { events: { eventId: string }[] })
      .events[0];
    const raw = `${BASE}/api/events/${encodeURIComponent(ev.eventId)}`;
    expect((await page.request.get(raw)).status()).toBe(200);
    expect((await page.request.get(`${raw}?download=1`)).status()).toBe(403);
    await page.goto(`${BASE}/events/${encodeURIComponent(ev.eventId)}`);
    await expect(page.getByTestId('json-view')).toBeVisible();
    await expect(page.getByTestId('json-view').getByRole('link', { name: 'Download' })).toHaveCount(0);
  });
});

test.describe('signing out', () => {
  test('the header names who is signed in, and its Sign out ends the session; a GET or another site cannot', async ({ browser }) => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'carol');
    await expect(page.getByTestId('signed-in-user')).toContainText('carol@example.com');
    const keys = () => page.request.get(`${BASE}/api/keys?${RANGE}`).then((r) => r.status());
    // A link or an image elsewhere (a GET) does not sign anyone out, nor does another site's form.
    expect((await page.request.get(`${BASE}/api/auth/logout`, { maxRedirects: 0 })).status()).toBe(405);
    expect(
      (await page.request.post(`${BASE}/api/auth/logout`, { headers: { 'sec-fetch-site': 'cross-site' }, maxRedirects: 0 })).status(),
    ).toBe(403);
    // A client that sends no Sec-Fetch-Site (an older browser) with another site's Origin: refused too.
    expect(
      (await page.request.post(`${BASE}/api/auth/logout`, { headers: { origin: 'https://evil.example' }, maxRedirects: 0 })).status(),
    ).toBe(403);
    expect(await keys()).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(`${BASE}/api/auth/signed-out`);
    await expect(page.locator('body')).toContainText('You are signed out');
    expect(await keys()).toBe(401);
  });
});
