import { EventsSearch } from '@/lib/api-schemas';
import { getHandler } from '@/lib/server/api';
import { resolveKeyMatches } from '@/lib/server/data';
import { countEvents } from '@/lib/server/data-events';
import { parseSearch, resolveRange } from '@/lib/search-params';

/**
 * GET /api/events/count?from&to[&<the events filters>]: how many events /api/events would list
 * over all its pages. Its own route, so a page of events never waits for a count of millions.
 */
export const GET = getHandler(async (search, _params, signal) => {
  const s = parseSearch(EventsSearch, search);
  const range = resolveRange(s);
  const key = s.key ? await resolveKeyMatches(s.key, { signal }) : null;
  const c = await countEvents(range, { ...s, keyArn: key?.keyArn ?? null }, { signal });
  return { from: range.from, to: range.to, ...(key ? { keyArn: key.keyArn, otherMatches: key.matches.slice(1) } : {}), ...c };
});
