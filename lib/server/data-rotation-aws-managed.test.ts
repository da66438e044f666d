import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { closeServerStore, serverStoreWith } from '../test/server-store';

/**
 * AWS managed keys (alias/aws/…) rotate every year and cannot be turned off (AWS KMS API reference,
 * EnableKeyRotation), and KMS logs no rotation setting for them: the rotation page and the keys
 * table say "on", never "unknown" nor "overdue". Hand-built records shaped as the public Stratus trail
 * logs SSM's calls (keyId the alias, the key's ARN in resources; no CreateAlias for an AWS alias).
 */
const RANGE = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-27T00:00:00Z'), bucket: 'day' as const, preset: null };
const id = (c: string) => `${c.repeat(8)}-0000-4000-8000-000000000000`;
const key = (c: string) => `arn:aws:kms:us-east-1:111122223333:key/${id(c)}`;
const res = (c: string) => [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: key(c) }];
const viaAlias = (c: string, alias: string, at: string) =>
  kmsRecord({ eventName: 'Decrypt', eventTime: at, requestParameters: { keyId: alias }, resources: res(c) });

let summary: Awaited<ReturnType<typeof import('./data-rotation').rotationSummary>>;
let table: Awaited<ReturnType<typeof import('./data').listKeysWithStatus>>;
beforeAll(async () => {
  process.env.KEYTRAIL_ROTATION_OVERDUE_DAYS = '365';
  await serverStoreWith([
    // a: SSM's key, called in the range; its creation two years before (by the service) is logged.
    kmsRecord({ eventName: 'CreateKey', eventTime: '2024-11-01T10:00:00Z', requestParameters: {}, resources: res('a') }),
    viaAlias('a', 'alias/aws/ssm', '2026-11-22T10:00:00Z'),
    // b: EBS's key, last used months before the range: still named, still AWS managed.
    viaAlias('b', 'alias/aws/ebs', '2026-06-01T10:00:00Z'),
    // c: a customer key whose alias only looks like one: the logs say nothing of its rotation.
    viaAlias('c', 'alias/aws-backup', '2026-11-22T10:00:00Z'),
  ]);
  summary = await (await import('./data-rotation')).rotationSummary(RANGE);
  table = await (await import('./data')).listKeysWithStatus(RANGE);
});
afterAll(closeServerStore);

const row = (c: string) => summary.keys.find((k) => k.keyArn === key(c))!;

describe('AWS managed keys on the rotation page', () => {
  it('read rotation on, yearly, and are never overdue, even when created more than a year ago', () => {
    for (const [c, alias] of [
      ['a', 'alias/aws/ssm'],
      ['b', 'alias/aws/ebs'],
    ]) {
      const k = row(c);
      expect(k.alias).toBe(alias);
      expect(k.awsManaged).toBe(true);
      expect(k.rotationEnabled).toBe(true);
      expect(k.rotationSupported).toBe(true);
      expect(k.rotationPeriodDays).toBe(365);
      expect(k.overdue).toBe(false);
    }
  });

  it('leave a customer key with a look-alike alias unknown', () => {
    const k = row('c');
    expect(k.awsManaged).toBe(false);
    expect(k.rotationEnabled).toBeNull();
    expect(k.rotationPeriodDays).toBeNull();
  });

  it('count among the keys with rotation on, and badge the keys table the same', () => {
    expect(
      summary.keys
        .filter((k) => k.rotationEnabled === true)
        .map((k) => k.alias)
        .sort(),
    ).toEqual(['alias/aws/ebs', 'alias/aws/ssm']);
    expect(Object.fromEntries(table.map((k) => [k.alias, k.rotationEnabled]))).toEqual({
      'alias/aws/ssm': true,
      'alias/aws-backup': null,
    });
  });
});
