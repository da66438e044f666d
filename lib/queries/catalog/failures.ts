import { z } from 'zod';
import { defineQuery } from '../define';
import { ERROR_CLASSES } from '../../error-classes';
import { Count, Iso, KeyFilter, pair, Window, windowArgs } from './shared';

export { ERROR_CLASSES };

export const failuresByHour = defineQuery({
  name: 'failures_by_hour',
  file: 'failures/failures_by_hour.sql',
  params: Window.extend(KeyFilter.shape).extend({ principal: z.string().nullable().default(null) }),
  row: z.object({
    weekday: z.coerce.number().int().min(1).max(7),
    hour: z.coerce.number().int().min(0).max(23),
    errorClass: z.enum(ERROR_CLASSES),
    count: Count,
  }),
  args: (p) => [...windowArgs(p), ...pair(p.keyArn), ...pair(p.principal)],
});

export const failuresByPrincipalKey = defineQuery({
  name: 'failures_by_principal_key',
  file: 'failures/failures_by_principal_key.sql',
  params: Window.extend({ limit: z.number().int().min(1).max(500) }),
  row: z.object({
    principal: z.string(),
    keyArn: z.string(),
    accessDenied: Count,
    keyState: Count,
    integrity: Count,
    other: Count,
    count: Count,
    /** The principal's failures on every key in the range, not only the pairs returned. */
    principalTotal: Count,
    /** How many (principal, key) pairs failed in the range, the ones past the limit too. */
    pairsInAll: Count,
  }),
  args: (p) => [...windowArgs(p), p.limit],
});

export const failuresByDay = defineQuery({
  name: 'failures_by_day',
  file: 'failures/failures_by_day.sql',
  params: Window.extend(KeyFilter.shape),
  row: z.object({ day: Iso, errorCode: z.string(), count: Count }),
  args: (p) => [...windowArgs(p), ...pair(p.keyArn)],
});
