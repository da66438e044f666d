/**
 * First render in a real browser: headless Chromium (Debian's, as in the e2e
 * tests) opens each main page in a fresh context (empty cache, like a first
 * visit) and the clock stops when the page's main panel is visible; for the
 * key page that is the chart's bars, which only exist after hydration.
 *
 * After each visit the bench waits for the network to go idle before closing it:
 * Next's <Link> prefetches (the nav bar, every key in the keys table) each run a
 * server render, and work left over from one visit would otherwise land in the
 * next one's measurement. The target pages are also measured with those prefetch
 * requests refused, which shows what they cost the first render on this machine,
 * where browser and server share the cores.
 */
import { chromium, type Browser, type Page, type Response } from '@playwright/test';
import { PAGES, type Inputs } from './baselines';
import { stats, type Stats } from './common';

export interface BrowserResult {
  /** Navigation start to the main panel visible, measured from the bench process. */
  panels: Stats;
  /** The same instant by the page's own clock (performance.now(), i.e. since its navigation started). */
  panelsInPage: Stats;
  domContentLoaded: Stats;
  /** Navigation to the last byte of the HTML (Navigation Timing responseEnd): the panels' markup is in the page from here on. */
  htmlReceived: Stats;
  /** Navigation to the page's `early` mark visible, when it has one. */
  early: Stats | null;
  /** Chromium's own accounting up to the panel (CDP Performance.getMetrics): JS run time and all main-thread tasks. */
  scriptMs: Stats;
  taskMs: Stats;
  /** Scripts the first visit downloaded (encoded bytes); its requests, and how many were Next prefetches. */
  scriptKiB: number;
  requests: number;
  prefetches: number;
  /** `panels` again with Next's prefetch requests refused (target pages only). */
  panelsNoPrefetch: Stats | null;
}

/** What any first visit costs in this browser on this machine, before KeyTrail's data is involved. */
export interface BrowserFloor {
  /** A plain-text route (/api/auth/signed-out): navigation to DOMContentLoaded. */
  textDcl: Stats;
  /** The app's static 404 page: the same layout, CSS and scripts as every page, no data. */
  shellDcl: Stats;
  shellLoad: Stats;
}

/** The pages whose first render has a target: measured a second time without prefetches. */
const TARGET_PAGES = new Set(['overview /', 'key /keys/<key>']);

interface Visit {
  panels: number;
  inPage: number;
  dcl: number;
  html: number;
  early: number | null;
  scriptMs: number;
  taskMs: number;
}

const isPrefetch = (r: { headers(): Record<string, string> }) => 'next-router-prefetch' in r.headers();

async function visit(
  browser: Browser,
  url: string,
  p: (typeof PAGES)[number],
  opts: { blockPrefetch: boolean; onPage?: (page: Page) => void },
): Promise<Visit> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await ctx.newPage();
    opts.onPage?.(page);
    if (opts.blockPrefetch) await page.route('**/*', (route) => (isPrefetch(route.request()) ? route.abort() : route.continue()));
    // Chromium's Performance domain counts from when it is enabled: enable it before navigating.
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    const t0 = performance.now();
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    let early: number | null = null;
    if (p.early) {
      await page.locator(p.early).first().waitFor({ state: 'visible', timeout: 120_000 });
      early = performance.now() - t0;
    }
    await page.locator(p.ready).first().waitFor({ state: 'visible', timeout: 120_000 });
    const panels = performance.now() - t0;
    const inPage = await page.evaluate(() => performance.now());
    const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
    await page.waitForLoadState('domcontentloaded');
    const { dcl, html } = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return { dcl: nav?.domContentLoadedEventEnd ?? NaN, html: nav?.responseEnd ?? NaN };
    });
    // Let the visit's prefetches finish on the server before the next visit starts.
    await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
    return { panels, inPage, dcl, html, early, scriptMs: (m.ScriptDuration ?? NaN) * 1000, taskMs: (m.TaskDuration ?? NaN) * 1000 };
  } finally {
    await ctx.close();
  }
}

async function navTiming(browser: Browser, url: string): Promise<{ dcl: number; load: number }> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await ctx.newPage();
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return { dcl: nav?.domContentLoadedEventEnd ?? NaN, load: nav?.loadEventEnd ?? NaN };
    });
  } finally {
    await ctx.close();
  }
}

async function measureFloor(browser: Browser, base: string, runs: number): Promise<BrowserFloor> {
  const text: number[] = [];
  const shell: { dcl: number; load: number }[] = [];
  await navTiming(browser, `${base}/api/auth/signed-out`);
  await navTiming(browser, `${base}/bench-no-such-page`);
  for (let i = 0; i < runs; i++) {
    text.push((await navTiming(browser, `${base}/api/auth/signed-out`)).dcl);
    shell.push(await navTiming(browser, `${base}/bench-no-such-page`));
  }
  return { textDcl: stats(text), shellDcl: stats(shell.map((x) => x.dcl)), shellLoad: stats(shell.map((x) => x.load)) };
}

export async function measureBrowser(
  base: string,
  inputs: Inputs,
  runs: number,
): Promise<{ pages: Record<string, BrowserResult>; floor: BrowserFloor }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const out: Record<string, BrowserResult> = {};
  try {
    const floor = await measureFloor(browser, base, runs);
    for (const p of PAGES) {
      const url = base + p.url(inputs);
      // One untimed visit first (the server's own warm-up is not a first render); it also counts what is downloaded.
      let scriptBytes = 0;
      let requests = 0;
      let prefetches = 0;
      const sized: Promise<void>[] = [];
      await visit(browser, url, p, {
        blockPrefetch: false,
        onPage: (page) =>
          page.on('response', (r: Response) => {
            requests++;
            if (isPrefetch(r.request())) prefetches++;
            if (r.request().resourceType() === 'script')
              sized.push(
                r
                  .request()
                  .sizes()
                  .then(
                    (z) => void (scriptBytes += z.responseBodySize),
                    () => undefined,
                  ),
              );
          }),
      });
      await Promise.all(sized);
      const v: Visit[] = [];
      for (let i = 0; i < runs; i++) v.push(await visit(browser, url, p, { blockPrefetch: false }));
      const np: number[] = [];
      if (TARGET_PAGES.has(p.name)) for (let i = 0; i < runs; i++) np.push((await visit(browser, url, p, { blockPrefetch: true })).panels);
      const early = v.map((x) => x.early).filter((x): x is number => x !== null);
      out[p.name] = {
        panels: stats(v.map((x) => x.panels)),
        panelsInPage: stats(v.map((x) => x.inPage)),
        domContentLoaded: stats(v.map((x) => x.dcl)),
        htmlReceived: stats(v.map((x) => x.html)),
        early: early.length ? stats(early) : null,
        scriptMs: stats(v.map((x) => x.scriptMs)),
        taskMs: stats(v.map((x) => x.taskMs)),
        scriptKiB: Math.round(scriptBytes / 1024),
        requests,
        prefetches,
        panelsNoPrefetch: np.length ? stats(np) : null,
      };
    }
    return { pages: out, floor };
  } finally {
    await browser.close();
  }
}
