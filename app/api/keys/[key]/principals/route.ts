import { PrincipalsSearch } from '@/lib/api-schemas';
import { getHandler } from '@/lib/server/api';
import { resolveKeyMatches, topPrincipals } from '@/lib/server/data';
import { decodePathParam, parseSearch, resolveRange } from '@/lib/search-params';

/**
 * GET /api/keys/<key>/principals?from&to&limit → { principals: [{ principal, principalType, calls, errors, keys, sessions, lastSeen }], otherMatches }:
 * `otherMatches` lists the other keys the reference matches (a bare multi-Region key id, an alias in several Regions), if any.
 */
export const GET = getHandler<{ key: string }>(async (search, { key }, signal) => {
  const s = parseSearch(PrincipalsSearch, search);
  const range = resolveRange(s);
  const { keyArn, matches } = await resolveKeyMatches(decodePathParam(key), { signal });
  const res = await topPrincipals(keyArn, range, s.limit, { signal });
  return { keyArn, from: range.from, to: range.to, principals: res.rows, otherMatches: matches.slice(1) };
});
