import fs from 'node:fs';
import { NextResponse, type NextRequest } from 'next/server';
import { KeysSearch } from '@/lib/api-schemas';
import { errorResponse } from '@/lib/server/api';
import { fromUrlSearchParams, parseSearch, rangeQuery, resolveRange } from '@/lib/search-params';

/**
 * GET /api/report/pdf?<range>: the report page printed to PDF by headless
 * Chromium on this machine (the same Debian chromium the tests use). Where no
 * Chromium is installed, it answers 503 and the report page's Print button
 * (the browser's own print) is the way.
 */
const CHROMIUM = process.env.KEYTRAIL_CHROMIUM ?? '/usr/bin/chromium';

export async function GET(req: NextRequest) {
  try {
    const s = parseSearch(KeysSearch, fromUrlSearchParams(req.nextUrl.searchParams));
    const range = resolveRange(s);
    // A path from the environment, not a file of the app: the comment keeps the bundler from tracing the whole project.
    if (!fs.existsSync(/*turbopackIgnore: true*/ CHROMIUM))
      return NextResponse.json(
        { error: `No Chromium at ${CHROMIUM} to make the PDF (set KEYTRAIL_CHROMIUM). Use the report's Print button instead.` },
        { status: 503 },
      );
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
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
    try {
      const page = await browser.newPage();
      // The report is rendered by this same server, over loopback, with the caller's cookies (for sign-in).
      const origin = `http://127.0.0.1:${process.env.PORT ?? req.nextUrl.port ?? 3000}`;
      const cookie = req.headers.get('cookie');
      if (cookie) await page.setExtraHTTPHeaders({ cookie });
      const q = rangeQuery(s);
      await page.goto(`${origin}/report?${q}`, { waitUntil: 'networkidle', timeout: 60_000 });
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' },
      });
      const name = `keytrail-report-${range.from.toISOString().slice(0, 10)}-${range.to.toISOString().slice(0, 10)}.pdf`;
      return new NextResponse(new Uint8Array(pdf), {
        headers: {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `attachment; filename="${name}"`,
          'Cache-Control': 'no-store',
        },
      });
    } finally {
      await browser.close();
    }
  } catch (e) {
    return errorResponse(e);
  }
}
