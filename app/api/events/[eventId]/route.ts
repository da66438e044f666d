import { NextResponse, type NextRequest } from 'next/server';
import { RawRecordError } from '@/lib/engines/raw-record-error';
import { errorResponse } from '@/lib/server/api';
import { rawEvent } from '@/lib/server/data';

/** GET /api/events/<eventId> → the record exactly as it was in the log file (byte for byte). */
export async function GET(req: NextRequest, ctx: { params: Promise<{ eventId: string }> }) {
  try {
    const { eventId } = await ctx.params;
    const ev = await rawEvent(decodeURIComponent(eventId), { signal: req.signal });
    if (ev.raw === null) throw new RawRecordError(ev.rawProblem);
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
