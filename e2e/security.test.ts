import { expect, test } from '@playwright/test';

test('every page is served with a nonce CSP and the other security headers, and runs with no CSP violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  for (const url of ['/', '/events?range=7d', '/findings', '/rotation', '/report?range=7d']) {
    const res = (await page.goto(url))!;
    const h = res.headers();
    expect(h['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('no-referrer');
    await page.waitForLoadState('networkidle');
  }
  // Hydrated: a client control works.
  await page.goto('/');
  await page.getByRole('button', { name: 'Last 30d' }).click();
  await expect(page).toHaveURL(/range=30d/);
  expect(violations).toEqual([]);
});

test('API responses get the strictest policy: they load and run nothing and cannot be framed', async ({ request }) => {
  for (const url of ['/api/keys?range=7d', '/api/events?range=7d', '/api/events?range=nonsense']) {
    const h = (await request.get(url)).headers();
    expect(h['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['strict-transport-security']).toBe('max-age=31536000');
  }
});
