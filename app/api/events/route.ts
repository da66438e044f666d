import { EventsSearch } from '@/lib/api-schemas';
import { getHandler } from '@/lib/server/api';
import { resolveKeyMatches } from '@/lib/server/data';
import { listEvents } from '@/lib/server/data-events';
import { parseSearch, resolveRange } from '@/lib/search-params';

/** GET /api/events?from&to[&key&principal&principalContains&accessKeyId&context&userAgent&eventName&errorCode&sourceIp&account&region…] (docs/api.md)&limit&cursor */
export const GET = getHandler(async (search, _params, signal) => {
  const s = parseSearch(EventsSearch, search);
  const range = resolveRange(s);
  // A key reference several keys answer to (an alias in two Regions, one that moved): the most recently
  // seen, and the others named, as the key routes do.
  const key = s.key ? await resolveKeyMatches(s.key, { signal }) : null;
  const res = await listEvents(range, { ...s, keyArn: key?.keyArn ?? null }, { signal });
  return {
    from: range.from,
    to: range.to,
    ...(key ? { keyArn: key.keyArn, otherMatches: key.matches.slice(1) } : {}),
    events: res.events,
    nextCursor: res.nextCursor,
    prevCursor: res.prevCursor,
  };
});
