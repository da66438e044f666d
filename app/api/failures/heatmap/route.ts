import { FailuresSearch } from '@/lib/api-schemas';
import { getHandler } from '@/lib/server/api';
import { resolveKeyRef } from '@/lib/server/data';
import { failuresByHour, heatmapCells } from '@/lib/server/data-failures';
import { parseSearch, resolveRange } from '@/lib/search-params';

/** GET /api/failures/heatmap?from&to[&key] → { cells: [{ weekday, hour, count }] } (weekday 1 = Monday, hour UTC). */
export const GET = getHandler(async (search, _params, signal) => {
  const s = parseSearch(FailuresSearch, search);
  const range = resolveRange(s);
  const keyArn = s.key ? await resolveKeyRef(s.key, { signal }) : null;
  const res = await failuresByHour({ keyArn, principal: s.principal }, range, { signal });
  return { from: range.from, to: range.to, keyArn, cells: heatmapCells(res.rows), byClass: res.rows };
});
