import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { EventsSearch } from '@/lib/api-schemas';
import { csvComments, csvLine } from '@/lib/export/csv';
import { provenance, provenanceLines } from '@/lib/export/provenance';
import * as Q from '@/lib/queries/catalog';
import { recordQueries } from '@/lib/queries/define';
import { errorResponse } from '@/lib/server/api';
import { dataSource } from '@/lib/server/data-source';
import { resolveKeyRef } from '@/lib/server/data';
import { listEvents } from '@/lib/server/data-events';
import { fromUrlSearchParams, parseSearch, resolveRange } from '@/lib/search-params';

/**
 * GET /api/events/export?format=csv|json&<events filters>: every matching event, not just one
 * page, streamed page by page through the keyset cursor so a million events never sit in memory.
 * JSON is `{ "meta": {…}, "events": [ … ] }`; CSV carries the provenance in # lines.
 */
// Every column the events query returns, in its order: a column added there reaches the export too.
const COLUMNS = Object.keys(Q.eventsPage.row.shape) as (keyof typeof Q.eventsPage.row.shape)[];
const Search = EventsSearch.extend({ format: z.enum(['csv', 'json']).default('csv') });

export async function GET(req: NextRequest) {
  try {
    const s = parseSearch(Search, fromUrlSearchParams(req.nextUrl.searchParams));
    const range = resolveRange(s);
    const keyArn = s.key ? await resolveKeyRef(s.key) : null;
    const q = { ...s, keyArn, limit: 1000, cursor: null as string | null };
    // The first page runs before the response starts, so a bad request still gets a clean error.
    const first = await recordQueries(() => listEvents(range, q, { signal: req.signal }));
    const filters = Object.fromEntries(
      Object.entries({
        // The key the reference was taken for (an alias several keys had: the most recently seen).
        key: keyArn && keyArn !== s.key ? `${s.key} (${keyArn})` : s.key,
        principal: s.principal,
        principalContains: s.principalContains,
        accessKeyId: s.accessKeyId,
        context: s.context,
        userAgent: s.userAgent,
        eventName: s.eventName,
        errorCode: s.errorCode,
        sourceIp: s.sourceIp,
        account: s.account,
        keyAccount: s.keyAccount,
        region: s.region,
        // A heatmap cell's drill-down narrows by these too: the evidence must say so.
        errorClass: s.errorClass,
        weekday: s.weekday === null ? null : String(s.weekday),
        hour: s.hour === null ? null : String(s.hour),
        noKey: s.noKey ? 'only events that name no key' : null,
        noPrincipal: s.noPrincipal ? 'only events with no known principal' : null,
      }).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const meta = {
      ...provenance({
        title: 'Events',
        from: range.from,
        to: range.to,
        filters,
        queries: first.queries,
        source: (await dataSource()).label,
      }),
      // The query listed is the first page's: re-running it alone gives 1,000 rows, not the file.
      paging:
        'The query above gives the first 1,000 rows; the export runs it again page after page, each from the last row of the one before (the cursor parameters: its eventTime and eventID), until no row is left, so the file holds every matching event. /api/events/count gives their number.',
    };
    const enc = new TextEncoder();
    let page = first.result;
    let n = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(
          enc.encode(
            s.format === 'csv'
              ? csvComments({ ...provenanceLines(meta), paging: meta.paging }) + csvLine([...COLUMNS])
              : `{"meta":${JSON.stringify(meta)},"events":[`,
          ),
        );
      },
      // Pull one page at a time: the client's pace sets ours (backpressure).
      async pull(c) {
        for (const e of page.events) {
          const row = e as Record<(typeof COLUMNS)[number], string | null>;
          c.enqueue(enc.encode(s.format === 'csv' ? csvLine(COLUMNS.map((k) => row[k])) : `${n++ ? ',' : ''}${JSON.stringify(e)}`));
        }
        if (!page.nextCursor) {
          if (s.format === 'json') c.enqueue(enc.encode(']}'));
          c.close();
          return;
        }
        page = await listEvents(range, { ...q, cursor: page.nextCursor }, { signal: req.signal });
      },
    });
    return new Response(stream, {
      headers: {
        'Content-Type': s.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="keytrail-events-${meta.generatedAt.replace(/[:.]/g, '-')}.${s.format}"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
