import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { ZodError } from 'zod';
import { RawRecordError } from '../engines/raw-record-error';
import { EngineError } from '../engines/types';
import { recordQueries } from '../queries/define';
import { BadRequestError, fromUrlSearchParams, type RawSearch } from '../search-params';
import { logError, redact } from '../redact';
import { NotFoundError } from './data';

const STATUS: Record<EngineError['kind'], number> = {
  user: 422,
  internal: 500,
  cancelled: 499,
  timeout: 504,
  throttled: 429,
  unavailable: 503,
};

/** Maps every failure to a status and a message a person can act on; never a stack trace. */
export function errorResponse(e: unknown): NextResponse {
  if (e instanceof BadRequestError || e instanceof RangeError) return json400(e.message);
  if (e instanceof ZodError) return json400(e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  // The issue's contract: an unknown key is a bad parameter (400), not a missing route; an unknown eventID in the path is 404.
  if (e instanceof NotFoundError) return NextResponse.json({ error: e.message }, { status: e.status });
  // The event is known, but its delivery file no longer gives the record back.
  if (e instanceof RawRecordError) return NextResponse.json({ error: e.message }, { status: 410 });
  // A parameter the engine cannot take (e.g. over Athena's 1,024 characters) is a bad request.
  if (e instanceof EngineError && e.detail?.reason === 'parameter') return json400(e.message);
  if (e instanceof EngineError) {
    if (e.kind === 'internal') logError('[keytrail] query failed:', e.detail?.reason ?? e.message);
    // Engine messages can quote what a service sent back, credentials included (lib/redact.ts).
    const message = e.kind === 'internal' ? 'The query failed inside KeyTrail; the server log has the details.' : redact(e.message);
    return NextResponse.json({ error: message, kind: e.kind, setting: e.detail?.setting }, { status: STATUS[e.kind] });
  }
  logError('[keytrail] unexpected error:', e);
  return NextResponse.json({ error: 'Internal error; the server log has the details.' }, { status: 500 });
}

function json400(message: string): NextResponse {
  return NextResponse.json({ error: message }, { status: 400 });
}

/**
 * `Server-Timing` for a handler run: `app` is the handler (parsing, queries, shaping), `db` the
 * engine time of its catalog queries (summed: panels may run some side by side). Browsers show it
 * beside each request, and the bench splits an API call's time into Next/HTTP, KeyTrail's own
 * code and the engine with it.
 */
export function serverTiming(appMs: number, dbMs: number): string {
  return `app;dur=${appMs.toFixed(1)};desc="handler", db;dur=${dbMs.toFixed(1)};desc="engine"`;
}

/**
 * Wraps a GET handler: hands it the search params as a raw record and the
 * request's abort signal (so a client that goes away cancels its queries).
 */
export function getHandler<P>(
  fn: (search: RawSearch, params: P, signal: AbortSignal) => Promise<unknown>,
): (req: NextRequest, ctx: { params: Promise<P> }) => Promise<NextResponse> {
  return async (req, ctx) => {
    try {
      const t0 = performance.now();
      const { result: body, queries } = await recordQueries(async () =>
        fn(fromUrlSearchParams(req.nextUrl.searchParams), await ctx.params, req.signal),
      );
      const db = queries.reduce((n, q) => n + q.stats.elapsedMs, 0);
      // Serialised here rather than by NextResponse.json, so `app` includes it.
      const text = JSON.stringify(body);
      return new NextResponse(text, {
        headers: {
          'Content-Type': 'application/json',
          'Cache-Control': 'no-store',
          'Server-Timing': serverTiming(performance.now() - t0, db),
        },
      });
    } catch (e) {
      return errorResponse(e);
    }
  };
}
