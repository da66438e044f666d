import { expect } from 'vitest';
import { findingsConfig } from '../findings/config';
import { runFindings, type Finding } from '../findings/rules';
import { ingestPaths } from '../ingest/ingest';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from './fixtures';

/**
 * Every finding over hand-built records in one window, with the documented default thresholds: the
 * records written as trail files of `perFile` records each, ingested into a fresh store, the rules
 * run (none may fail), the store closed. (Kept apart from fixtures.ts, which the browser tests
 * import without vitest.)
 */
export async function findingsOver(
  records: unknown[],
  from: number,
  to: number,
  perFile = Math.max(records.length, 1),
): Promise<Finding[]> {
  const dir = tempDir();
  for (let i = 0; i < records.length; i += perFile) writeTrailFile(dir, `f${i}`, records.slice(i, i + perFile));
  const store = await tempStore();
  try {
    await ingestPaths(store.db, [dir]);
    const res = await runFindings(store.engine, { from: new Date(from), to: new Date(to) }, findingsConfig({}));
    expect(res.errors).toEqual([]);
    return res.findings;
  } finally {
    store.close();
  }
}

/** The account the findings fixtures' keys and roles live in. */
export const FINDINGS_ACCOUNT = '111122223333';
const A = FINDINGS_ACCOUNT;
/** A record time as CloudTrail writes it (whole seconds, Z). */
export const trailTime = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** A call by a session of role `roleName` in FINDINGS_ACCOUNT, with the record's other fields from `over`. */
export function asRole(roleName: string, over: Record<string, unknown>): Record<string, unknown> {
  return kmsRecord({
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${A}:assumed-role/${roleName}/s1`,
      accountId: A,
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${A}:role/${roleName}`, accountId: A, userName: roleName } },
    },
    ...over,
  });
}

/** A successful call on key ARN `k` at `ms`. */
export const callAt = (roleName: string, k: string, ms: number, over: Record<string, unknown> = {}) =>
  asRole(roleName, { eventTime: trailTime(ms), resources: [{ accountId: A, type: 'AWS::KMS::Key', ARN: k }], ...over });

/** An AccessDenied on key ARN `k` at `ms`: no resources, the key named only in the message, as KMS logs it. */
export const deniedAt = (roleName: string, k: string, ms: number) =>
  asRole(roleName, {
    eventTime: trailTime(ms),
    errorCode: 'AccessDenied',
    resources: undefined,
    errorMessage: `User: x is not authorized to perform: kms:Decrypt on resource: ${k} because no policy allows it`,
  });
