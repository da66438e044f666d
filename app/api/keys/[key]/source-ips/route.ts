import { PrincipalsSearch } from '@/lib/api-schemas';
import { getHandler } from '@/lib/server/api';
import { resolveKeyMatches, topSourceIps } from '@/lib/server/data';
import { decodePathParam, parseSearch, resolveRange } from '@/lib/search-params';

/**
 * GET /api/keys/<key>/source-ips?from&to&limit → { sources: [{ sourceIp, calls, errors, principals, firstSeen, lastSeen }], otherMatches }:
 * where the key's calls came from, busiest address first (an AWS service's name for a call it made on its caller's behalf).
 */
export const GET = getHandler<{ key: string }>(async (search, { key }, signal) => {
  const s = parseSearch(PrincipalsSearch, search);
  const range = resolveRange(s);
  const { keyArn, matches } = await resolveKeyMatches(decodePathParam(key), { signal });
  const res = await topSourceIps({ keyArn }, range, s.limit, { signal });
  return { keyArn, from: range.from, to: range.to, sources: res.rows, otherMatches: matches.slice(1) };
});
