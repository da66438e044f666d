import { chromium } from 'playwright';
const base = process.env.BASE ?? 'http://localhost:3402';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
for (const [i, p] of process.argv.slice(2).entries()) {
  await page.goto(base + p, { waitUntil: 'networkidle' });
  await page.waitForTimeout(800);
  await page.screenshot({ path: `/tmp/shots/s${i}.png`, fullPage: true });
  console.log(i, p, await page.title());
}
await browser.close();
