import { NextResponse } from 'next/server';
import { redact, safeMessage } from '@/lib/redact';
import { storeSpan } from '@/lib/server/data';
import { ingestStatus } from '@/lib/server/ingest-queue';

/** GET /api/health: the store opens and answers; what it holds; whether an ingest is running. */
export async function GET() {
  try {
    const span = await storeSpan();
    const s = ingestStatus();
    return NextResponse.json({
      ok: true,
      events: span.events,
      firstEvent: span.firstEvent,
      lastEvent: span.lastEvent,
      ingest: { running: s.running, lastError: s.lastError === null ? null : redact(s.lastError) },
    });
  } catch (e) {
    return NextResponse.json({ ok: false, error: safeMessage(e) }, { status: 503 });
  }
}
