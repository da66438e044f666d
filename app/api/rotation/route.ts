import { KeysSearch } from '@/lib/api-schemas';
import { getHandler } from '@/lib/server/api';
import { rotationSummary } from '@/lib/server/data-rotation';
import { parseSearch, resolveRange } from '@/lib/search-params';

/**
 * GET /api/rotation?from&to → { keys: [{ keyArn, rotationEnabled, rotationPeriodDays, lastRotated,
 * lastRotationType, pendingDeletion, deletionDate, disabled, overdue, … }] }. rotationEnabled is
 * true, false or null (no evidence in the logs); times are ISO or null. `previous` is the period
 * each key's previousCalls counts; `logsCoverStart` false means the logs begin inside it (no baseline).
 * `notFoundKeys`: key ids the logs name that KMS answered NotFoundException every time (no such key;
 * not in `keys`).
 */
export const GET = getHandler(async (search, _params, signal) => {
  const range = resolveRange(parseSearch(KeysSearch, search));
  const res = await rotationSummary(range, { signal });
  return {
    from: range.from,
    to: range.to,
    previous: { ...res.previousRange, logsCoverStart: res.previousComplete },
    overdueDays: res.overdueDays,
    keys: res.keys,
    notFoundKeys: res.notFoundKeys,
  };
});
