import { z } from 'zod';
import type { ErrorClass } from '../../error-classes';
import { partitionWindow } from '../../time';
import { defineQuery } from '../define';
import { Count, Iso, Window, windowArgs } from './shared';

/** The findings rules' queries (see docs/findings.md for what each means). */
const Baseline = Window.extend({ baselineFrom: z.date() });

/** [partition_from, partition_to, baseline_from, to]: baseline rules read from the baseline's start. */
function baselineArgs(p: z.output<typeof Baseline>): string[] {
  const [pf, pt] = partitionWindow(p.baselineFrom.getTime(), p.to.getTime());
  return [pf, pt, p.baselineFrom.toISOString(), p.to.toISOString()];
}

/**
 * [last_partition_from, last_partition_to, to, baseline_from, to]: the last, part hour of a rule that
 * reads the kms_key_hours rollup's whole hours, from the events (hourly_calls.sql, new_principals.sql).
 */
function lastHourArgs(p: z.output<typeof Baseline>): string[] {
  const to = p.to.toISOString();
  return [...partitionWindow(p.to.getTime(), p.to.getTime()), to, p.baselineFrom.toISOString(), to];
}

/** The error classes whose bursts are findings: denials (denial-burst) and integrity failures (integrity-burst). */
export const BURST_CLASSES = ['access-denied', 'integrity'] as const satisfies readonly ErrorClass[];

export const failureBurst = defineQuery({
  name: 'failure_burst',
  file: 'findings/failure_burst.sql',
  params: Window.extend({
    burstClass: z.enum(BURST_CLASSES),
    windowSeconds: z.number().int().min(60).max(86_400),
    threshold: z.number().int().min(2).max(100_000),
  }),
  row: z.object({ principal: z.string(), keyArn: z.string(), peak: Count, firstSeen: Iso, lastSeen: Iso, total: Count }),
  // The second pass counts failed ReEncrypts under their destination key.
  args: (p) => [...windowArgs(p), p.burstClass, ...windowArgs(p), p.burstClass, p.windowSeconds, p.threshold],
});

export const riskyChanges = defineQuery({
  name: 'risky_changes',
  file: 'findings/risky_changes.sql',
  params: Window,
  row: z.object({
    eventId: z.string(),
    eventName: z.string(),
    keyArn: z.string().nullable(),
    principal: z.string().nullable(),
    eventTime: Iso,
    grantee: z.string().nullable(),
    deletionDate: z.string().nullable(),
    /** PutKeyPolicy's, CreateKey's and ReplicateKey's policy document, as the caller sent it. */
    policy: z.string().nullable(),
    /** ReplicateKey's Region for the new replica. */
    replicaRegion: z.string().nullable(),
  }),
  args: windowArgs,
});

export const newPrincipals = defineQuery({
  name: 'new_principals',
  file: 'findings/new_principals.sql',
  params: Baseline,
  row: z.object({ keyArn: z.string(), principal: z.string(), firstSeen: Iso, lastSeen: Iso, calls: Count, dataStart: Iso }),
  // The last hour from the events (twice: the second pass counts ReEncrypts under their destination
  // key), then the whole hours from the rollup.
  args: (p) => [...lastHourArgs(p), ...lastHourArgs(p), ...baselineArgs(p), p.from.toISOString(), p.from.toISOString()],
});

export const secretSweep = defineQuery({
  name: 'secret_sweep',
  file: 'findings/secret_sweep.sql',
  params: Baseline.extend({ windowSeconds: z.number().int().positive(), minItems: z.number().int().min(2) }),
  row: z.object({
    principal: z.string(),
    keyArn: z.string().nullable(),
    peak: Count,
    firstSeen: Iso,
    lastSeen: Iso,
    total: Count,
    calls: Count,
    dataStart: Iso,
  }),
  // The baseline twice: the secrets read, then whether the logs cover it at all; the range's
  // partitions for the calls in each sweep's span (a sweep is in the range).
  args: (p) => [
    ...baselineArgs(p),
    ...baselineArgs(p),
    p.from.toISOString(),
    p.windowSeconds,
    p.minItems,
    ...windowArgs(p).slice(0, 2),
  ],
});

export const crossAccount = defineQuery({
  name: 'cross_account',
  file: 'findings/cross_account.sql',
  params: Window,
  row: z.object({
    keyArn: z.string(),
    principal: z.string().nullable(),
    callerAccount: z.string(),
    firstSeen: Iso,
    lastSeen: Iso,
    calls: Count,
    errors: Count,
  }),
  // Twice: the second pass reads ReEncrypt's destination keys.
  args: (p) => [...windowArgs(p), ...windowArgs(p)],
});

export const rootUse = defineQuery({
  name: 'root_use',
  file: 'findings/root_use.sql',
  params: Window,
  row: z.object({ principal: z.string(), keyArn: z.string().nullable(), operations: z.string(), firstSeen: Iso, lastSeen: Iso, calls: Count }),
  // The second pass counts ReEncrypts under their destination key.
  args: (p) => [...windowArgs(p), ...windowArgs(p)],
});

export const unusableKeyCalls = defineQuery({
  name: 'unusable_key_calls',
  file: 'findings/unusable_key_calls.sql',
  params: Window,
  row: z.object({
    keyArn: z.string().nullable(),
    principal: z.string().nullable(),
    errorCode: z.string(),
    firstSeen: Iso,
    lastSeen: Iso,
    calls: Count,
    operation: z.string().nullable(),
  }),
  // The second pass counts ReEncrypts under their destination key.
  args: (p) => [...windowArgs(p), ...windowArgs(p)],
});

export const hourlyCalls = defineQuery({
  name: 'hourly_calls',
  file: 'findings/hourly_calls.sql',
  params: Baseline,
  row: z.object({ keyArn: z.string(), hour: Iso, calls: Count, failed: Count }),
  // Whole hours from the rollup; then the last hour from the events, twice: the second pass counts
  // ReEncrypts under their destination key.
  args: (p) => [...baselineArgs(p), ...lastHourArgs(p), ...lastHourArgs(p)],
});

/** Each source's silences; its last one, still running, comes open (gapEnd NULL): see closeGaps. */
export const loggingGaps = defineQuery({
  name: 'logging_gaps',
  file: 'findings/logging_gaps.sql',
  params: Window.extend({
    minGapSeconds: z.number().int().min(3600),
    /** How far before `from` a source's last event is looked for (none: from). */
    lookbackFrom: z.date().nullable().default(null),
  }),
  row: z.object({
    account: z.string().nullable(),
    region: z.string().nullable(),
    gapStart: Iso,
    gapEnd: Iso.nullable(),
    hours: z.coerce.number().nullable(),
  }),
  args: (p) => [...windowArgs({ from: p.lookbackFrom ?? p.from, to: p.from }), ...windowArgs(p), p.from.toISOString(), p.minGapSeconds],
});

/**
 * The gaps of logging_gaps rows, each source's last silence ended at `end` (the end of the range,
 * or now when that is sooner) and kept when it lasts at least `minGapSeconds`.
 */
export function closeGaps(
  rows: readonly z.output<typeof loggingGaps.row>[],
  end: Date,
  minGapSeconds: number,
): { account: string | null; region: string | null; gapStart: string; gapEnd: string; hours: number }[] {
  return rows.flatMap((r) => {
    const gapEnd = r.gapEnd ?? end.toISOString();
    const hours = r.hours ?? (Date.parse(gapEnd) - Date.parse(r.gapStart)) / 3_600_000;
    return hours * 3600 >= minGapSeconds ? [{ ...r, gapEnd, hours }] : [];
  });
}
