import fs from 'node:fs';
import { NextResponse, type NextRequest } from 'next/server';
import type { Browser } from 'playwright-core';
import { KeysSearch, NOT_REPORT_FILTERS } from '@/lib/api-schemas';
import { listenPlan } from '@/lib/auth/listen';
import { config as authSettings } from '@/lib/auth/gate';
import { fmtUtc } from '@/lib/format';
import { errorResponse } from '@/lib/server/api';
import { identityHeaders, publicOrigin, RenderQueue, selfOrigin } from '@/lib/server/pdf-render';
import { BadRequestError, fromUrlSearchParams, parseSearch, rangeQuery, resolveRange } from '@/lib/search-params';

/**
 * GET /api/report/pdf?<range>: the report page printed to PDF by headless
 * Chromium on this machine (the same Debian chromium the tests use). Where no
 * Chromium is installed, it answers 503 and the report page's Print button
 * (the browser's own print) is the way.
 */
const CHROMIUM = process.env.KEYTRAIL_CHROMIUM ?? '/usr/bin/chromium';

/** Two Chromiums at most (each ~300 MB and a core); a few more wait; past that, "busy, retry". */
const queue = new RenderQueue(2);
const MAX_WAITING = 6;

export async function GET(req: NextRequest) {
  try {
    const raw = fromUrlSearchParams(req.nextUrl.searchParams);
    const foreign = NOT_REPORT_FILTERS.find((f) => raw[f] !== undefined);
    if (foreign)
      throw new BadRequestError(
        `The report covers every key and principal: it takes no ${foreign} filter. A key's or a principal's own page exports its panels.`,
      );
    const s = parseSearch(KeysSearch, raw);
    const range = resolveRange(s);
    // A path from the environment, not a file of the app: the comment keeps the bundler from tracing the whole project.
    if (!fs.existsSync(/*turbopackIgnore: true*/ CHROMIUM))
      return NextResponse.json(
        { error: `No Chromium at ${CHROMIUM} to make the PDF (set KEYTRAIL_CHROMIUM). Use the report's Print button instead.` },
        { status: 503 },
      );
    if (queue.size.waiting >= MAX_WAITING)
      return NextResponse.json(
        { error: 'KeyTrail is making other PDFs right now. Try again in a few seconds.' },
        { status: 503, headers: { 'Retry-After': '10' } },
      );
    const name = `keytrail-report-${range.from.toISOString().slice(0, 10)}-${range.to.toISOString().slice(0, 10)}.pdf`;
    return await queue.run(() => render(req, `/report?${rangeQuery(s)}`, name), req.signal);
  } catch (e) {
    return errorResponse(e);
  }
}

async function render(req: NextRequest, path: string, name: string): Promise<NextResponse> {
  const { chromium } = await import('playwright-core');
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
    return NextResponse.json(
      {
        error: `The Chromium at ${CHROMIUM} could not start (${why}). Set KEYTRAIL_CHROMIUM to a working one, or use the report's Print button.`,
      },
      { status: 503 },
    );
  }
  // A caller who leaves stops the work: the browser goes, and whatever it was doing fails.
  const stop = () => void browser.close();
  req.signal.addEventListener('abort', stop, { once: true });
  try {
    const { host, port } = listenPlan(authSettings(), process.env);
    const self = selfOrigin(host, process.env.PORT ?? req.nextUrl.port ?? port);
    // The report is rendered by this same server with the caller's identity (cookie or the load balancer's claims).
    const page = await browser.newPage({ extraHTTPHeaders: identityHeaders(req.headers) });
    const res = await page.goto(`${self}${path}`, { waitUntil: 'networkidle', timeout: 60_000 });
    const report = await page.$('[data-testid=report]');
    if (!res?.ok() || !report) {
      // Never a PDF of an error page: say why there is none.
      const status = res?.status() ?? 0;
      const text = ((await page.textContent('main').catch(() => null)) ?? (await page.textContent('body').catch(() => '')) ?? '').trim();
      return NextResponse.json(
        { error: `No PDF was made: the report page answered ${status || 'nothing'}${text ? `: ${text.slice(0, 300)}` : ''}` },
        { status: status === 401 || status === 403 ? status : 503 },
      );
    }
    const generated = (await report.getAttribute('data-generated')) ?? new Date().toISOString();
    const sample = (await page.$('[data-testid=report-sample]')) !== null;
    const title = await page.title();
    // Links that work for whoever receives the file: where the caller reached the dashboard.
    const origin = publicOrigin(req.headers, req.nextUrl.origin);
    await page.$$eval(
      'a[href]',
      (as, o) => as.forEach((a) => a.setAttribute('href', new URL(a.getAttribute('href') ?? '', o).href)),
      origin,
    );
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
      // Every page says what it is part of: a page printed alone is still evidence with its period and time.
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footer(
        `${title.replace(/ · KeyTrail$/, '')} · generated ${fmtUtc(generated, true)}${sample ? ' · SAMPLE DATA' : ''}`,
      ),
    });
    return new NextResponse(new Uint8Array(pdf), {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
      },
    });
  } finally {
    req.signal.removeEventListener('abort', stop);
    await browser.close();
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Chromium's footer template: its own small page, filled in per page (pageNumber, totalPages). */
function footer(text: string): string {
  return (
    '<div style="font-size:8px;color:#555;width:100%;margin:0 12mm;display:flex;justify-content:space-between;gap:8px">' +
    `<span>${escapeHtml(text)}</span>` +
    '<span style="white-space:nowrap">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
  );
}
