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
  // Twice: the second branch reads ReEncrypts into the key (see the SQL).
  args: (p) => [p.bucket, ...windowArgs(p), ...pair(p.keyArn), ...pair(p.principal), ...windowArgs(p), p.keyArn, ...pair(p.principal)],
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
    /** How many principals the range has, the ones past the limit too: what a list cut by it says it leaves out. */
    principalsInAll: Count,
  }),
  // Three passes: the key's calls, ReEncrypts into it, and ReEncrypts' destination keys (see the SQL).
  args: (p) => [...windowArgs(p), ...pair(p.keyArn), ...windowArgs(p), p.keyArn, ...windowArgs(p), ...pair(p.keyArn), p.limit],
});

/** Where a key's (or a principal's, or both's) calls came from: per source address, busiest first. */
export const topSourceIps = defineQuery({
  name: 'top_source_ips',
  file: 'principals/top_source_ips.sql',
  params: Window.extend(KeyFilter.shape).extend({
    principal: z.string().nullable().default(null),
    limit: z.number().int().min(1).max(100),
  }),
  row: z.object({
    sourceIp: z.string(),
    calls: Count,
    errors: Count,
    principals: Count,
    firstSeen: Iso,
    lastSeen: Iso,
    /** How many sources there are, the ones past the limit too. */
    sourcesInAll: Count,
  }),
  // Two passes: the key's calls, and ReEncrypts into it (see the SQL).
  args: (p) => [...windowArgs(p), ...pair(p.keyArn), ...pair(p.principal), ...windowArgs(p), p.keyArn, ...pair(p.principal), p.limit],
});

/** The most contexts one call lists: `encryption_contexts.sql` keeps its top 100 before the limit. */
export const CONTEXTS_MAX = 100;

/** How contexts are listed: most used first, or last seen first (a sweep's one-off reads sit in the long tail of the first). */
export const CONTEXT_ORDERS = ['calls', 'recent'] as const;
export type ContextOrder = (typeof CONTEXT_ORDERS)[number];

/** What a key's (or a principal's) calls protected: their encryption contexts, most-used first, with the range's totals on each row. */
export const encryptionContexts = defineQuery({
  name: 'encryption_contexts',
  file: 'usage/encryption_contexts.sql',
  params: Window.extend(KeyFilter.shape).extend({
    principal: z.string().nullable().default(null),
    // The SQL ranks its top 100 before applying the limit (a literal: Athena binds no LIMIT).
    limit: z.number().int().min(1).max(CONTEXTS_MAX),
    order: z.enum(CONTEXT_ORDERS).default('calls'),
  }),
  row: z.object({
    context: z.string(),
    calls: Count,
    errors: Count,
    principals: Count,
    principal: z.string().nullable(),
    keys: Count,
    keyArn: z.string().nullable(),
    firstSeen: Iso,
    lastSeen: Iso,
    contexts: Count,
    withContext: Count,
    allCalls: Count,
  }),
  // Twice: the second branch reads ReEncrypts into the key (see the SQL).
  args: (p) => [
    p.order,
    ...windowArgs(p),
    ...pair(p.keyArn),
    ...pair(p.principal),
    ...windowArgs(p),
    p.keyArn,
    ...pair(p.principal),
    p.limit,
  ],
});

export const kpis = defineQuery({
  name: 'kpis',
  file: 'overview/kpis.sql',
  params: Window.extend(KeyFilter.shape),
  row: z.object({ calls: Count, failed: Count, accessDenied: Count, activeKeys: Count, principals: Count, noKeyCalls: Count }),
  // Twice: the second pass reads ReEncrypt's destination keys.
  args: (p) => [...windowArgs(p), ...pair(p.keyArn), ...windowArgs(p), ...pair(p.keyArn)],
});

export const principalKeys = defineQuery({
  name: 'principal_keys',
  file: 'principals/principal_keys.sql',
  params: Window.extend({ principal: z.string() }),
  row: z.object({ keyArn: z.string(), calls: Count, errors: Count, lastSeen: Iso }),
  // Twice: the second pass reads ReEncrypt's destination keys.
  args: (p) => [p.principal, ...windowArgs(p), p.principal, ...windowArgs(p)],
});

/** Whether the logs name a principal at all (a principal page's 404), reading only up to the first match. */
export const principalExists = defineQuery({
  name: 'principal_exists',
  file: 'principals/principal_exists.sql',
  params: z.object({ principal: z.string().min(1) }),
  row: z.object({ principal: z.string() }),
  args: (p) => [p.principal, p.principal],
});

/** The principals a short name may mean (role/<name>, user/<name>, …), for a page asked for by name. */
export const principalsNamed = defineQuery({
  name: 'principals_named',
  file: 'principals/principals_named.sql',
  params: z.object({ name: z.string().min(1) }),
  row: z.object({ principal: z.string(), calls: Count }),
  args: (p) => [p.name, p.name],
});

/** A principal's calls over all the logs, its first and last: what its page says when its range is empty. */
export const principalSeen = defineQuery({
  name: 'principal_seen',
  file: 'principals/principal_seen.sql',
  params: z.object({ principal: z.string().min(1) }),
  row: z.object({ calls: Count, firstSeen: Iso.nullable(), lastSeen: Iso.nullable(), sessionOf: z.string().nullable() }),
  args: (p) => [p.principal, p.principal, p.principal],
});
