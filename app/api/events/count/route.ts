import { EventsSearch } from '@/lib/api-schemas';
import { getHandler } from '@/lib/server/api';
import { resolveKeyRef } from '@/lib/server/data';
import { countEvents } from '@/lib/server/data-events';
import { parseSearch, resolveRange } from '@/lib/search-params';

/**
 * GET /api/events/count?from&to[&<the events filters>]: how many events /api/events would list
 * over all its pages. Its own route, so a page of events never waits for a count of millions.
 */
export const GET = getHandler(async (search, _params, signal) => {
  const s = parseSearch(EventsSearch, search);
  const range = resolveRange(s);
  const keyArn = s.key ? await resolveKeyRef(s.key, { signal }) : null;
  const c = await countEvents(range, { ...s, keyArn }, { signal });
  return { from: range.from, to: range.to, ...c };
});
