import { describe, expect, it } from 'vitest';
import { authorize, emailVerified } from './identity';

const lists = (o: Partial<Record<'KEYTRAIL_ALLOWED_USERS' | 'KEYTRAIL_ALLOWED_GROUPS' | 'KEYTRAIL_VIEWERS', string[]>> = {}) => ({
  KEYTRAIL_ALLOWED_USERS: [],
  KEYTRAIL_ALLOWED_GROUPS: [],
  KEYTRAIL_VIEWERS: [],
  ...o,
});

describe('authorize (the allow-list and roles)', () => {
  it('lets in a listed user by subject or email, in any case, and a listed group; no one else', () => {
    const c = lists({ KEYTRAIL_ALLOWED_USERS: ['Alice@Example.com', 'sub-bob'], KEYTRAIL_ALLOWED_GROUPS: ['kms-admins'] });
    expect(authorize({ sub: 's1', email: 'alice@example.com' }, c)?.role).toBe('analyst');
    expect(authorize({ sub: 'sub-bob' }, c)?.sub).toBe('sub-bob');
    expect(authorize({ sub: 's2', groups: ['kms-admins'] }, c)).not.toBeNull();
    expect(authorize({ sub: 's3', email: 'mallory@example.com', groups: ['others'] }, c)).toBeNull();
    // No list: everyone the provider signed in.
    expect(authorize({ sub: 's4' }, lists())?.role).toBe('analyst');
  });

  it('an email the provider says is unverified lets no one in, but still makes its user a viewer', () => {
    const c = lists({
      KEYTRAIL_ALLOWED_USERS: ['alice@example.com'],
      KEYTRAIL_ALLOWED_GROUPS: ['staff'],
      KEYTRAIL_VIEWERS: ['eve@example.com'],
    });
    expect(authorize({ sub: 's1', email: 'alice@example.com', emailVerified: false }, c)).toBeNull();
    expect(authorize({ sub: 's1', email: 'alice@example.com', emailVerified: true }, c)).not.toBeNull();
    // A provider that says nothing about it is trusted (administrators set the addresses).
    expect(authorize({ sub: 's1', email: 'alice@example.com' }, c)).not.toBeNull();
    expect(authorize({ sub: 's5', email: 'eve@example.com', emailVerified: false, groups: ['staff'] }, c)?.role).toBe('viewer');
  });
});

describe('emailVerified (as providers send it)', () => {
  it.each([
    [false, false],
    ['false', false],
    [true, true],
    ['true', true],
    [undefined, undefined],
    ['yes', undefined],
    [0, undefined],
  ] as const)('%j → %j', (v, out) => {
    expect(emailVerified(v)).toBe(out);
  });
});
