import { describe, expect, it } from 'vitest';
import { exportFileName } from './file-name';

describe('exportFileName', () => {
  const at = '2026-12-07T08:00:00.000Z';
  it.each([
    [{}, 'keytrail-findings-2026-12-07T08-00-00-000Z.csv'],
    [
      { key: 'arn:aws:kms:us-east-1:111122223333:key/1a2b3c4d-0002-4a00-8000-00000000a002' },
      'keytrail-findings-1a2b3c4d-0002-4a00-8000-00000000a002-2026-12-07T08-00-00-000Z.csv',
    ],
    [{ key: 'alias/aws/ebs' }, 'keytrail-findings-aws_ebs-2026-12-07T08-00-00-000Z.csv'],
    [{ key: 'arn:aws:kms:us-east-1:111122223333:alias/payments' }, 'keytrail-findings-payments-2026-12-07T08-00-00-000Z.csv'],
    [{ principal: 'arn:aws:iam::111122223333:role/team/AppRole' }, 'keytrail-findings-AppRole-2026-12-07T08-00-00-000Z.csv'],
    [{ principal: '999900001111' }, 'keytrail-findings-999900001111-2026-12-07T08-00-00-000Z.csv'],
    [{ principal: '../../etc/passwd' }, 'keytrail-findings-passwd-2026-12-07T08-00-00-000Z.csv'],
    [{ principal: '"; rm -rf' }, 'keytrail-findings-rm_-rf-2026-12-07T08-00-00-000Z.csv'],
  ])('%j', (of, want) => {
    expect(exportFileName('findings', at, 'csv', of)).toBe(want);
  });
});
