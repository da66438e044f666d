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
    expect(rotationShown(undefined, 'alias/aws/ebs')).toEqual({ awsManaged: true, rotationEnabled: true, rotationPeriodDays: 365 });
    expect(rotationShown({ rotationEnabled: null, rotationPeriodDays: null }, 'alias/payments')).toEqual({
      awsManaged: false,
      rotationEnabled: null,
      rotationPeriodDays: null,
    });
    // A customer key's logged setting stands, period and all.
    expect(rotationShown({ rotationEnabled: false, rotationPeriodDays: null }, 'alias/aws-backup')).toEqual({
      awsManaged: false,
      rotationEnabled: false,
      rotationPeriodDays: null,
    });
    expect(rotationShown({ rotationEnabled: true, rotationPeriodDays: 90 }, null)).toEqual({
      awsManaged: false,
      rotationEnabled: true,
      rotationPeriodDays: 90,
    });
  });
});
