import { ContextsSearch } from '@/lib/api-schemas';
import { getHandler } from '@/lib/server/api';
import { encryptionContexts, resolveKeyMatches } from '@/lib/server/data';
import { decodePathParam, parseSearch, resolveRange } from '@/lib/search-params';

/**
 * GET /api/keys/<key>/contexts?from&to&limit&order=calls|recent → { contexts: [{ context, calls, errors, principals, principal, keys, keyArn,
 * firstSeen, lastSeen, contexts, withContext, allCalls }], otherMatches }: what the key's calls protected (their encryption contexts).
 */
export const GET = getHandler<{ key: string }>(async (search, { key }, signal) => {
  const s = parseSearch(ContextsSearch, search);
  const range = resolveRange(s);
  const { keyArn, matches } = await resolveKeyMatches(decodePathParam(key), { signal });
  const res = await encryptionContexts({ keyArn, order: s.order }, range, s.limit, { signal });
  return { keyArn, from: range.from, to: range.to, contexts: res.rows, otherMatches: matches.slice(1) };
});
