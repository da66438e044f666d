import 'server-only';
import { z } from 'zod';
import { EngineError, type RunOptions } from '../engines/types';
import * as Q from '../queries/catalog';
import { runQuery } from '../queries/define';
import { BadRequestError, type ResolvedRange } from '../search-params';
import { RawRecordError } from '../engines/raw-record-error';
import { readRaw } from './raw-source';
import { redact } from '../redact';
import { getStore } from './store';
import { NotFoundError } from './data';

/** The events explorer's reads: one event with its raw record, pages of events by keyset cursor, their count. */
const engine = async () => (await getStore()).engine;

/**
 * One event and its raw record, read back from its delivery file (lib/server/raw-source.ts).
 * When the file no longer gives it back, `rawProblem` says why and the event's facts still show.
 */
export async function rawEvent(eventId: string, near: Date | null, opts?: RunOptions) {
  const e = await engine();
  let res = await runQuery(e, Q.eventRaw, { eventId, near }, opts);
  // A stale or edited time hint must not hide the event: look again without it.
  if (!res.rows.length && near) res = await runQuery(e, Q.eventRaw, { eventId, near: null }, opts);
  if (!res.rows.length) throw new NotFoundError(`No event with eventID "${eventId}" in the store.`, 404);
  const row = res.rows[0];
  try {
    return { ...row, raw: await readRaw(e.dialect, row.sourceFile, row.eventId, opts?.signal), rawProblem: null };
  } catch (err) {
    // The event's facts still show; why its text cannot be read shows in its place.
    if (err instanceof RawRecordError) return { ...row, raw: null, rawProblem: { message: err.message, status: 410 } };
    if (err instanceof EngineError && err.kind !== 'cancelled' && err.kind !== 'internal')
      // An S3 error can quote the request's signature and token (lib/redact.ts).
      return { ...row, raw: null, rawProblem: { message: redact(err.message), status: 503 } };
    throw err;
  }
}

export type EventsQuery = Partial<z.output<typeof Q.EventFilters>> & {
  limit: number;
  cursor: string | null;
};

// `n`: how many rows came before the page the cursor opens, so the page can say where it is
// (a cursor without it, from an older link, still pages; the position is then not shown).
// `b`: a previous page's cursor: the first row shown, and the page is the rows newer than it.
const Cursor = z.object({
  ts: z.string().datetime(),
  id: z.string().min(1).max(200),
  n: z.number().int().min(0).optional(),
  b: z.literal(1).optional(),
});

/** Opaque keyset cursor: a row's (time, eventID), the rows before the page it opens, and which way it goes; base64url-encoded. */
export function encodeCursor(ts: string, id: string, n?: number, back?: boolean): string {
  return Buffer.from(JSON.stringify({ ts, id, n, ...(back ? { b: 1 } : {}) })).toString('base64url');
}

export function decodeCursor(s: string): z.output<typeof Cursor> {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
  } catch {
    throw new BadRequestError('Parameter "cursor" is not a cursor this API returned.');
  }
}

/**
 * The events filters of a request. `key` with `noKey`, or `principal` with `noPrincipal`, is
 * refused: either pair would match nothing, so say so rather than answer nothing.
 */
function eventFilters(q: Partial<z.output<typeof Q.EventFilters>>) {
  if (q.noKey && q.keyArn)
    throw new BadRequestError('Parameters "key" and "noKey" cannot be used together: noKey=1 lists events that name no key.');
  if (q.noPrincipal && (q.principal || q.principalContains))
    throw new BadRequestError(
      `Parameters "${q.principal ? 'principal' : 'principalContains'}" and "noPrincipal" cannot be used together: noPrincipal=1 lists events with no known principal.`,
    );
  return Q.EventFilters.parse({
    keyArn: q.keyArn,
    noKey: q.noKey,
    noPrincipal: q.noPrincipal,
    principal: q.principal,
    principalContains: q.principalContains,
    accessKeyId: q.accessKeyId,
    context: q.context,
    userAgent: q.userAgent,
    eventName: q.eventName,
    errorCode: q.errorCode,
    sourceIp: q.sourceIp,
    account: q.account,
    keyAccount: q.keyAccount,
    region: q.region,
    errorClass: q.errorClass,
    weekday: q.weekday,
    hour: q.hour,
  });
}

/**
 * One page of events, newest first, the cursors of the next page and of the previous one (null at
 * either end), and `offset`: how many matching events come before this page (null when the cursor
 * does not say).
 */
export async function listEvents(r: ResolvedRange, q: EventsQuery, opts?: RunOptions) {
  const { limit, cursor } = q;
  const filters = eventFilters(q);
  const at = cursor ? decodeCursor(cursor) : null;
  const e = await engine();
  const page = (c: { ts: string; id: string; back: boolean } | null) =>
    runQuery(e, Q.eventsPage, { ...filters, from: r.from, to: r.to, cursor: c, pageSize: limit }, opts);
  let res = await page(at && { ts: at.ts, id: at.id, back: at.b === 1 });
  // Going back, the rows come oldest first and one past the page says there is a page before it.
  let back = at?.b === 1;
  if (back && res.rows.length <= limit) {
    // Back at the top: the first page, exactly as it reads from the start (a short page here
    // would shift every page after it).
    res = await page(null);
    back = false;
  }
  const first = !at || (at.b === 1 && !back);
  const events = back ? res.rows.slice(0, limit).reverse() : res.rows.slice(0, limit);
  const offset = first ? 0 : at?.n === undefined ? null : back ? Math.max(0, at.n - events.length) : at.n;
  const n = (k: number) => (offset === null ? undefined : offset + k);
  const top = events[0];
  const last = events[events.length - 1];
  // Back a page, the page it came from is after it.
  const nextCursor = last && (back || res.rows.length > limit) ? encodeCursor(last.eventTime, last.eventId, n(events.length)) : null;
  const prevCursor = !first && top ? encodeCursor(top.eventTime, top.eventId, n(0), true) : null;
  return { events, nextCursor, prevCursor, offset, query: res.query, stats: res.stats };
}

/** How many events the same filters match in the range (every page), how many of them failed, and their first and last time. */
export async function countEvents(r: ResolvedRange, q: Partial<z.output<typeof Q.EventFilters>>, opts?: RunOptions) {
  const res = await runQuery(await engine(), Q.eventsCount, { ...eventFilters(q), from: r.from, to: r.to }, opts);
  return res.rows[0] ?? { events: 0, failed: 0, firstEvent: null, lastEvent: null };
}
