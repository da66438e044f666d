import { NextResponse } from 'next/server';
import { redact, safeMessage } from '@/lib/redact';
import { storeSpan } from '@/lib/server/data';
import { lastIngest } from '@/lib/server/data-health';
import { ingestStatus } from '@/lib/server/ingest-queue';

/** GET /api/health: the store opens and answers; what it holds; whether an ingest is running, and how the last one went. */
export async function GET() {
  try {
    const [span, li] = await Promise.all([storeSpan(), lastIngest()]);
    const s = ingestStatus();
    const last = li.engine === 'duckdb' ? li.last : null;
    return NextResponse.json({
      ok: true,
      events: span.events,
      firstEvent: span.firstEvent,
      lastEvent: span.lastEvent,
      ingest: {
        running: s.running,
        lastError: s.lastError === null ? null : redact(s.lastError),
        // For monitoring: files that would not load stay failed (and listed on /health) until fixed.
        last: last && {
          finishedAt: last.finishedAt,
          filesRead: last.filesRead,
          eventsAdded: last.eventsAdded,
          failedFiles: last.errorsTotal,
        },
      },
    });
  } catch (e) {
    return NextResponse.json({ ok: false, error: safeMessage(e) }, { status: 503 });
  }
}
