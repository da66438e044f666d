import { NextResponse, type NextRequest } from 'next/server';
import { EventRawSearch } from '@/lib/api-schemas';
import { errorResponse } from '@/lib/server/api';
import { rawEvent } from '@/lib/server/data-events';
import { decodePathParam, fromUrlSearchParams, parseSearch } from '@/lib/search-params';

/** GET /api/events/<eventId> → the record exactly as it was in the log file (byte for byte). */
export async function GET(req: NextRequest, ctx: { params: Promise<{ eventId: string }> }) {
  try {
    const { eventId } = await ctx.params;
    const search = parseSearch(EventRawSearch, fromUrlSearchParams(req.nextUrl.searchParams));
    const ev = await rawEvent(decodePathParam(eventId), search.t ? new Date(search.t) : null, { signal: req.signal });
    if (ev.raw === null) return NextResponse.json({ error: ev.rawProblem.message }, { status: ev.rawProblem.status });
    return new NextResponse(ev.raw, {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        ...(req.nextUrl.searchParams.has('download')
          ? { 'Content-Disposition': `attachment; filename="cloudtrail-event-${ev.eventId.replace(/[^\w.-]/g, '_')}.json"` }
          : {}),
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
