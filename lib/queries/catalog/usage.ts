import { z } from 'zod';
import { BUCKETS } from '../../time';
import { defineQuery } from '../define';
import { Count, Iso, KeyFilter, pair, Window, windowArgs } from './shared';

export const usageTimeline = defineQuery({
  name: 'usage_timeline',
  file: 'usage/usage_timeline.sql',
  params: Window.extend(KeyFilter.shape).extend({
    principal: z.string().nullable().default(null),
    bucket: z.enum(BUCKETS),
  }),
  row: z.object({ t: Iso, eventName: z.string(), count: Count, errors: Count }),
  args: (p) => [p.bucket, ...windowArgs(p), ...pair(p.keyArn), ...pair(p.principal)],
});

export const topPrincipals = defineQuery({
  name: 'top_principals',
  file: 'principals/top_principals.sql',
  params: Window.extend(KeyFilter.shape).extend({ limit: z.number().int().min(1).max(100) }),
  row: z.object({
    principal: z.string(),
    principalType: z.string().nullable(),
    calls: Count,
    errors: Count,
    keys: Count,
    sessions: Count,
    lastSeen: Iso,
  }),
  args: (p) => [...windowArgs(p), ...pair(p.keyArn), p.limit],
});

export const kpis = defineQuery({
  name: 'kpis',
  file: 'overview/kpis.sql',
  params: Window.extend(KeyFilter.shape),
  row: z.object({ calls: Count, failed: Count, accessDenied: Count, activeKeys: Count, principals: Count, noKeyCalls: Count }),
  args: (p) => [...windowArgs(p), ...pair(p.keyArn)],
});

export const principalKeys = defineQuery({
  name: 'principal_keys',
  file: 'principals/principal_keys.sql',
  params: Window.extend({ principal: z.string() }),
  row: z.object({ keyArn: z.string(), calls: Count, errors: Count, lastSeen: Iso }),
  args: (p) => [p.principal, ...windowArgs(p)],
});
