import { KeysSearch } from '@/lib/api-schemas';
import { getHandler } from '@/lib/server/api';
import { listKeys } from '@/lib/server/data';
import { parseSearch, resolveRange } from '@/lib/search-params';

/** GET /api/keys?from&to → { keys: [{ keyArn, alias, accountId, region, calls, errors, principals, lastUsed }] } */
export const GET = getHandler(async (search, _params, signal) => {
  const range = resolveRange(parseSearch(KeysSearch, search));
  const res = await listKeys(range, { signal });
  return { from: range.from, to: range.to, keys: res.rows };
});
