import { z } from 'zod';
import { BUCKETS, normaliseIso, partitionWindow } from '../time';
import { defineQuery } from './define';

/**
 * The query catalog: every .sql file in queries/ is declared here once, with
 * its params, its rows, and the order its `?` placeholders bind in.
 */
const Iso = z.string().transform(normaliseIso);
const Count = z.coerce.number().int().nonnegative();
const Window = z.object({ from: z.date(), to: z.date() });

/** [partition_from, partition_to, from, to]: the prefix every ranged query binds first. */
function windowArgs(p: z.output<typeof Window>): string[] {
  const [pf, pt] = partitionWindow(p.from.getTime(), p.to.getTime());
  return [pf, pt, p.from.toISOString(), p.to.toISOString()];
}

export const keysOverview = defineQuery({
  name: 'keys_overview',
  file: 'keys/keys_overview.sql',
  params: Window,
  row: z.object({
    keyArn: z.string(),
    alias: z.string().nullable(),
    aliases: z.string().nullable(),
    accountId: z.string(),
    region: z.string(),
    calls: Count,
    errors: Count,
    principals: Count,
    lastUsed: Iso,
  }),
  args: windowArgs,
});

export const keyTimeline = defineQuery({
  name: 'key_timeline',
  file: 'keys/key_timeline.sql',
  params: Window.extend({ keyArn: z.string(), bucket: z.enum(BUCKETS) }),
  row: z.object({ t: Iso, eventName: z.string(), count: Count, errors: Count }),
  args: (p) => [p.bucket, p.keyArn, ...windowArgs(p)],
});

export const LIMITS = [5, 10, 25, 50, 100] as const;

export const keyPrincipals = defineQuery({
  name: 'key_principals',
  file: 'keys/key_principals.sql',
  params: Window.extend({ keyArn: z.string(), limit: z.number().int().min(1).max(100) }),
  row: z.object({
    principal: z.string(),
    principalType: z.string().nullable(),
    calls: Count,
    errors: Count,
    sessions: Count,
    lastSeen: Iso,
  }),
  args: (p) => [p.keyArn, ...windowArgs(p), p.limit],
});

export const EVENTS_MAX_PAGE = 1000;

export const EventFilters = z.object({
  keyArn: z.string().nullable().default(null),
  principal: z.string().nullable().default(null),
  eventName: z.string().nullable().default(null),
  errorCode: z.string().nullable().default(null),
  sourceIp: z.string().nullable().default(null),
  account: z.string().nullable().default(null),
  region: z.string().nullable().default(null),
});

export const eventsPage = defineQuery({
  name: 'events_page',
  file: 'events/events_page.sql',
  params: Window.extend(EventFilters.shape).extend({
    cursor: z.object({ ts: z.string(), id: z.string() }).nullable().default(null),
  }),
  row: z.object({
    eventId: z.string(),
    eventTime: Iso,
    eventName: z.string().nullable(),
    principal: z.string().nullable(),
    principalType: z.string().nullable(),
    sessionArn: z.string().nullable(),
    keyArn: z.string().nullable(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    sourceIp: z.string().nullable(),
    userAgent: z.string().nullable(),
    account: z.string().nullable(),
    region: z.string().nullable(),
  }),
  args: (p) => {
    const pair = (v: string | null) => [v, v];
    const c = p.cursor;
    return [
      ...windowArgs(p),
      ...pair(p.keyArn),
      ...pair(p.principal),
      ...pair(p.eventName),
      p.errorCode, p.errorCode, p.errorCode,
      ...pair(p.sourceIp),
      ...pair(p.account),
      ...pair(p.region),
      c?.ts ?? null, c?.ts ?? null, c?.ts ?? null, c?.id ?? null,
    ];
  },
});

export const eventRaw = defineQuery({
  name: 'event_raw',
  file: 'events/event_raw.sql',
  params: z.object({ eventId: z.string().min(1) }),
  row: z.object({
    eventId: z.string(),
    eventTime: Iso.nullable(),
    keyArn: z.string().nullable(),
    principal: z.string().nullable(),
    raw: z.string(),
    sourceFile: z.string().nullable(),
  }),
  args: (p) => [p.eventId],
});

export const resolveKey = defineQuery({
  name: 'resolve_key',
  file: 'keys/resolve_key.sql',
  params: z.object({ ref: z.string().min(1) }),
  row: z.object({ keyArn: z.string(), lastSeen: Iso }),
  args: (p) => {
    const alias = /(alias\/.+)$/.exec(p.ref)?.[1] ?? p.ref;
    // A bare key id matches the ARN's tail; anything else only matches exactly.
    const suffix = /^(mrk-)?[0-9a-f-]{32,36}$/i.test(p.ref) ? `:key/${p.ref}` : null;
    return [p.ref, suffix, alias];
  },
});

export const storeSpan = defineQuery({
  name: 'store_span',
  file: 'overview/store_span.sql',
  params: z.object({}),
  row: z.object({ events: Count, firstEvent: Iso.nullable(), lastEvent: Iso.nullable(), keys: Count }),
  args: () => [],
});
