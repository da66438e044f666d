import { describe, expect, it } from 'vitest';
import { isAwsManagedKey } from '@/lib/aws-managed-key';

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
