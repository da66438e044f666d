import { EventsSearch } from '@/lib/api-schemas';
import { getHandler } from '@/lib/server/api';
import { resolveKeyRef } from '@/lib/server/data';
import { listEvents } from '@/lib/server/data-events';
import { parseSearch, resolveRange } from '@/lib/search-params';

/** GET /api/events?from&to[&key&principal&principalContains&accessKeyId&context&userAgent&eventName&errorCode&sourceIp&account&region…] (docs/api.md)&limit&cursor */
export const GET = getHandler(async (search, _params, signal) => {
  const s = parseSearch(EventsSearch, search);
  const range = resolveRange(s);
  const keyArn = s.key ? await resolveKeyRef(s.key, { signal }) : null;
  const res = await listEvents(range, { ...s, keyArn }, { signal });
  return { from: range.from, to: range.to, events: res.events, nextCursor: res.nextCursor, prevCursor: res.prevCursor };
});
