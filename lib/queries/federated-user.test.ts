import { describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { storesPerTest } from '../test/store-per-test';
import * as Q from './catalog';
import { runQuery } from './define';

/**
 * A federated user (GetFederationToken) is a principal of its own: its federated-user ARN, which key
 * policies name, whether or not the record carries the issuing IAM user (the caller's own copy has
 * sessionContext.sessionIssuer; the key owner's copy of a cross-account call does not). Counted by
 * hand from the records below.
 */
const storeWith = storesPerTest();
const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const BOB = 'arn:aws:sts::444455556666:federated-user/bob';
const BROKER = 'arn:aws:iam::444455556666:user/broker';
const bob = (issuer: boolean) => ({
  type: 'FederatedUser',
  principalId: '444455556666:bob',
  arn: BOB,
  accountId: '444455556666',
  ...(issuer ? { sessionContext: { sessionIssuer: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: BROKER, accountId: '444455556666', userName: 'broker' } } } : {}),
});

describe('a federated user', () => {
  it('counts under its federated-user ARN, with or without its issuer in the record, never under the IAM user', async () => {
    const store = await storeWith([
      kmsRecord({ userIdentity: bob(true), eventTime: '2026-11-20T12:00:00Z' }),
      kmsRecord({ userIdentity: bob(false), eventTime: '2026-11-20T12:01:00Z' }),
      kmsRecord({ eventTime: '2026-11-20T12:02:00Z' }),
    ]);
    const top = (await runQuery(store.engine, Q.topPrincipals, { ...window, keyArn: null, limit: 10 })).rows;
    expect(top.find((r) => r.principal === BOB)).toMatchObject({ calls: 2, principalType: 'FederatedUser' });
    expect(top.find((r) => r.principal === BROKER)).toBeUndefined();
    const count = (principal: string) => runQuery(store.engine, Q.eventsCount, { ...window, principal });
    expect((await count(BOB)).rows[0]).toMatchObject({ events: 2 });
    expect((await count(BROKER)).rows[0]).toMatchObject({ events: 0 });
  });
});
