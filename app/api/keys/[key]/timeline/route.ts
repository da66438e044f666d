import { KeysSearch } from '@/lib/api-schemas';
import { getHandler } from '@/lib/server/api';
import { resolveKeyMatches, usageTimeline } from '@/lib/server/data';
import { decodePathParam, parseSearch, resolveRange } from '@/lib/search-params';

/**
 * GET /api/keys/<key>/timeline?from&to&bucket=hour|day → { points: [{ t, count, errors, byEventName }] }, zero-filled.
 * `otherMatches`: the other keys the reference matches (a bare multi-Region key id, an alias in several Regions), if any.
 */
export const GET = getHandler<{ key: string }>(async (search, { key }, signal) => {
  const range = resolveRange(parseSearch(KeysSearch, search));
  const { keyArn, matches } = await resolveKeyMatches(decodePathParam(key), { signal });
  const res = await usageTimeline({ keyArn }, range, { signal });
  return { keyArn, from: range.from, to: range.to, bucket: range.bucket, points: res.points, otherMatches: matches.slice(1) };
});
