import { describe, expect, it } from 'vitest';
import { isAwsManagedKey, rotationShown } from '@/lib/aws-managed-key';

describe('isAwsManagedKey', () => {
  it('knows an AWS managed key by its reserved alias/aws/ alias', () => {
    // Aliases from the public Stratus trail (shared data): SSM's and Secrets Manager's keys.
    expect(isAwsManagedKey('alias/aws/ssm')).toBe(true);
    expect(isAwsManagedKey('alias/aws/secretsmanager')).toBe(true);
  });

  it('takes a customer alias that only resembles it for a customer managed key', () => {
    for (const alias of ['alias/aws-backup', 'alias/awsome/app', 'alias/payments/aws/x', 'alias/AWS/ssm', null, undefined, ''])
      expect(isAwsManagedKey(alias)).toBe(false);
  });
});

describe('rotationShown', () => {
  it('takes what the logs prove first, and only fills in on and yearly for an AWS managed key they say nothing of', () => {
    expect(rotationShown(undefined, 'alias/aws/ebs')).toEqual({
      awsManaged: true,
      rotationEnabled: true,
      rotationPeriodDays: 365,
      offSinceCreation: false,
    });
    expect(rotationShown({ rotationEnabled: null, rotationPeriodDays: null }, 'alias/payments')).toEqual({
      awsManaged: false,
      rotationEnabled: null,
      rotationPeriodDays: null,
      offSinceCreation: false,
    });
    // A customer key's logged setting stands, period and all.
    expect(rotationShown({ rotationEnabled: false, rotationPeriodDays: null }, 'alias/aws-backup')).toEqual({
      awsManaged: false,
      rotationEnabled: false,
      rotationPeriodDays: null,
      offSinceCreation: false,
    });
    expect(rotationShown({ rotationEnabled: true, rotationPeriodDays: 90 }, null)).toEqual({
      awsManaged: false,
      rotationEnabled: true,
      rotationPeriodDays: 90,
      offSinceCreation: false,
    });
  });

  it('a key created in the logs with no setting since is off: keys start with rotation off', () => {
    const K = 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-4333-8444-555555555555';
    const created = { rotationEnabled: null, rotationPeriodDays: null, createdAt: '2026-01-01T00:00:00Z', keyArn: K, sharedKey: K };
    expect(rotationShown(created, 'alias/app')).toMatchObject({ rotationEnabled: false, offSinceCreation: true });
    // Created before the logs: unknown. A multi-Region key: its primary's setting, perhaps older than this CreateKey.
    expect(rotationShown({ ...created, createdAt: null }, 'alias/app')).toMatchObject({ rotationEnabled: null, offSinceCreation: false });
    const mrk = 'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab';
    expect(
      rotationShown({ ...created, keyArn: mrk, sharedKey: '111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab' }, null),
    ).toMatchObject({
      rotationEnabled: null,
    });
    // A setting in the logs, or an AWS managed key, stands.
    expect(rotationShown({ ...created, rotationEnabled: true, rotationPeriodDays: 90 }, null)).toMatchObject({
      rotationEnabled: true,
      offSinceCreation: false,
    });
    expect(rotationShown(created, 'alias/aws/s3')).toMatchObject({ rotationEnabled: true, offSinceCreation: false });
  });
});
