import { z } from 'zod';
import { defineQuery } from '../define';
import { ERROR_CLASSES } from './failures';
import { BUCKET_MS, partitionDay, partitionWindow } from '../../time';
import type { SqlValue } from '../../engines/types';
import { Count, Iso, pair, Window, windowArgs } from './shared';

/** The page sizes the events API offers: a closed set, because the page size becomes the query's LIMIT. */
export const PAGE_SIZES = [25, 50, 100, 200, 500, 1000] as const;

export const EventFilters = z.object({
  keyArn: z.string().nullable().default(null),
  /** Only events with no key (the "(unknown key)" rows of the principal page). */
  noKey: z.boolean().default(false),
  /** Only events with no principal (the "(unknown)" rows: a record without an identity). */
  noPrincipal: z.boolean().default(false),
  /** Exactly: the principal, or a role session's ARN (only that session's calls). Drill-downs use it. */
  principal: z.string().nullable().default(null),
  /** Part of the principal's or session's ARN, any case: what an analyst types ("role/Admin", a session name). */
  principalContains: z.string().nullable().default(null),
  /** The access key id that signed the call: a leaked key's calls, whoever it belonged to. */
  accessKeyId: z.string().nullable().default(null),
  /** Part of the call's encryption context (its JSON text, exact case): the calls on one S3 object, secret or tenant. */
  context: z.string().nullable().default(null),
  /** Part of the user agent, any case: the calls of one tool or script ("aws-cli", a Terraform provider). */
  userAgent: z.string().nullable().default(null),
  eventName: z.string().nullable().default(null),
  errorCode: z.string().nullable().default(null),
  sourceIp: z.string().nullable().default(null),
  account: z.string().nullable().default(null),
  /** The account whose keys the calls used, whoever called (`account` is the trail that logged them). */
  keyAccount: z.string().nullable().default(null),
  region: z.string().nullable().default(null),
  errorClass: z.enum(ERROR_CLASSES).nullable().default(null),
  weekday: z.number().int().min(1).max(7).nullable().default(null),
  hour: z.number().int().min(0).max(23).nullable().default(null),
});

type FilterParams = z.output<typeof Window> & z.output<typeof EventFilters>;

/** The range and filters, bound in the order both events_page.sql and events_count.sql declare them. */
function filterArgs(p: FilterParams): SqlValue[] {
  return [
    ...windowArgs(p),
    ...pair(p.keyArn),
    ...pair(p.principal),
    ...pair(p.eventName),
    p.errorCode, p.errorCode, p.errorCode,
    ...pair(p.sourceIp),
    ...pair(p.account),
    ...pair(p.region),
    ...pair(p.errorClass),
    ...pair(p.weekday),
    ...pair(p.hour),
    p.noKey || null,
    p.noPrincipal || null,
    p.principalContains, p.principalContains, p.principalContains,
    ...pair(p.accessKeyId),
    ...pair(p.context),
    ...pair(p.userAgent),
    ...pair(p.keyAccount),
  ];
}

export const eventsPage = defineQuery({
  name: 'events_page',
  file: 'events/events_page.sql',
  params: Window.extend(EventFilters.shape).extend({
    /** The keyset position: the rows older than (ts, id), or with `back` the rows newer (a previous page, read oldest first). */
    cursor: z.object({ ts: z.string(), id: z.string(), back: z.boolean().default(false) }).nullable().default(null),
    pageSize: z
      .number()
      .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
      .default(1000),
  }),
  // One row past the page says whether there is a next page.
  limit: { default: 1001, allowed: PAGE_SIZES.map((n) => n + 1), rows: (p) => p.pageSize + 1 },
  row: z.object({
    eventId: z.string(),
    eventTime: Iso,
    eventName: z.string().nullable(),
    principal: z.string().nullable(),
    principalType: z.string().nullable(),
    sessionArn: z.string().nullable(),
    keyArn: z.string().nullable(),
    /** A ReEncrypt's destination key (keyArn is its source). */
    destKeyArn: z.string().nullable(),
    errorCode: z.string().nullable(),
    errorClass: z.string().nullable(),
    errorMessage: z.string().nullable(),
    sourceIp: z.string().nullable(),
    userAgent: z.string().nullable(),
    /** The call's encryption context as JSON text (what its data was), or null. */
    encryptionContext: z.string().nullable(),
    account: z.string().nullable(),
    region: z.string().nullable(),
  }),
  reverse: (p) => p.cursor?.back === true,
  args: (p) => {
    const c = p.cursor;
    const keyset = (on: boolean) => (c && on ? [c.ts, c.ts, c.ts, c.id] : [null, null, null, null]);
    return [...filterArgs(p), ...keyset(!c?.back), ...keyset(!!c?.back)];
  },
});

/** The events page's total: every event its filters match in the range, however many pages. */
export const eventsCount = defineQuery({
  name: 'events_count',
  file: 'events/events_count.sql',
  params: Window.extend(EventFilters.shape),
  row: z.object({ events: Count, failed: Count, firstEvent: Iso.nullable(), lastEvent: Iso.nullable() }),
  args: filterArgs,
});

export const eventRaw = defineQuery({
  name: 'event_raw',
  file: 'events/event_raw.sql',
  params: z.object({ eventId: z.string().min(1), near: z.date().nullable().default(null) }),
  row: z.object({
    eventId: z.string(),
    eventTime: Iso.nullable(),
    keyArn: z.string().nullable(),
    principal: z.string().nullable(),
    encryptionContext: z.string().nullable(),
    sourceFile: z.string().nullable(),
  }),
  args: (p) => {
    if (!p.near) return [p.eventId, null, null, null, null, null];
    const at = p.near.getTime();
    const [pf, pt] = partitionWindow(at, at);
    return [p.eventId, partitionDay(at), pf, pt, new Date(at - BUCKET_MS.day).toISOString(), new Date(at + BUCKET_MS.day).toISOString()];
  },
});
