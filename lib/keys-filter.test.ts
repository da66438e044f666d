import { describe, expect, it } from 'vitest';
import { filterKeys } from './keys-filter';

const row = (keyArn: string, aliases: string | null) => ({
  keyArn,
  aliases,
  accountId: keyArn.split(':')[4],
  region: keyArn.split(':')[3],
});
const A = row('arn:aws:kms:us-east-1:111122223333:key/aaaa', 'alias/app-data, alias/Current');
const B = row('arn:aws:kms:eu-west-1:111122223333:key/bbbb', null);
const C = row('arn:aws:kms:us-east-1:444455556666:key/cccc', 'alias/backups');

describe('filterKeys', () => {
  it('matches text in the ARN or any alias, ignoring case, and narrows by account and region', () => {
    expect(filterKeys([A, B, C], { q: 'current' })).toEqual([A]);
    expect(filterKeys([A, B, C], { q: 'BBBB' })).toEqual([B]);
    expect(filterKeys([A, B, C], { account: '111122223333' })).toEqual([A, B]);
    expect(filterKeys([A, B, C], { region: 'us-east-1', account: '444455556666' })).toEqual([C]);
    expect(filterKeys([A, B, C], { q: '  ', account: null })).toEqual([A, B, C]);
  });
});
