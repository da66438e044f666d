import { kmsRecord } from './fixtures';

/**
 * The rotation tests' keys and calls (lib/server/data-rotation-*.test.ts): a week's range, a key per
 * letter (key('a') is arn:…:key/aaaaaaaa-0000-…), and a call on it in the shape CloudTrail logs.
 */
export const RANGE = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-27T00:00:00Z'), bucket: 'day' as const, preset: null };
export const id = (c: string) => `${c.repeat(8)}-0000-4000-8000-000000000000`;
export const key = (c: string) => `arn:aws:kms:us-east-1:111122223333:key/${id(c)}`;
export const res = (c: string) => [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: key(c) }];
export const call = (c: string, eventName: string, at: string, over: Record<string, unknown> = {}) =>
  kmsRecord({ eventName, eventTime: at, readOnly: false, requestParameters: { keyId: id(c) }, resources: res(c), ...over });
