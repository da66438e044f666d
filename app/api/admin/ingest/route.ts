import crypto from 'node:crypto';
import type { NextRequest } from 'next/server';
import { IngestRequest, type IngestMessage } from '@/lib/ingest/delegate';
import { enqueueIngest } from '@/lib/server/ingest-queue';
import { serverToken } from '@/lib/server/server-token';

/**
 * POST /api/admin/ingest: how `npm run ingest` hands files to the running
 * dashboard (which owns the database lock). Authorised by the per-start token in
 * the owner-only file beside the database; streams NDJSON progress, then the summary.
 */
export async function POST(req: NextRequest) {
  const expected = Buffer.from(`Bearer ${serverToken()}`);
  const given = Buffer.from(req.headers.get('authorization') ?? '');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    return Response.json({ error: 'This endpoint is for the ingest CLI on this machine.' }, { status: 401 });
  const parsed = IngestRequest.safeParse(await req.json().catch(() => null));
  if (!parsed.success)
    return Response.json(
      {
        error: `Body must be {"paths": [...]}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ')}.`,
      },
      { status: 400 },
    );

  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (m: IngestMessage) => controller.enqueue(enc.encode(JSON.stringify(m) + '\n'));
      try {
        const summary = await enqueueIngest(parsed.data.paths, {
          followSymlinks: parsed.data.followSymlinks,
          sample: parsed.data.sample,
          onProgress: (progress) => send({ type: 'progress', progress }),
        });
        send({ type: 'summary', summary });
      } catch (e) {
        send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' } });
}
