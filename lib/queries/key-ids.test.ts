import { describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { storesPerTest, type TestStore } from '../test/store-per-test';
import * as Q from './catalog';
import { runQuery } from './define';

/**
 * How a bare keyId, targetKeyId or destinationKeyId becomes a key ARN (queries/views/kms_events.sql):
 * in the partition its region belongs to, and only when it has the shape of a key id (a UUID, or
 * mrk- and 32 hex digits for a multi-Region key). Every expected ARN is written out by hand.
 */
const storeWith = storesPerTest();
const ACCT = '111122223333';
const KID = '0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
const MRK = 'mrk-1234abcd12ab34cd56ef1234567890ab';
const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const denied = { errorCode: 'AccessDeniedException', errorMessage: 'User is not authorized to perform this operation', resources: undefined };

type Row = { eventid: string; key_arn: string | null; dest_key_arn: string | null; key_ref: string | null };
const rows = async (s: TestStore): Promise<Map<string, Row>> =>
  s.db.withConnection(async (c) => {
    const r = (await c.runAndReadAll('SELECT eventid, key_arn, dest_key_arn, key_ref FROM kms_events')).getRowObjectsJS() as Row[];
    return new Map(r.map((x) => [String(x.eventid), x]));
  });
const keys = async (s: TestStore): Promise<string[]> =>
  s.db.withConnection(async (c) =>
    (await c.runAndReadAll('SELECT key_arn FROM kms_keys')).getRowObjectsJS().map((r) => String(r.key_arn)).sort(),
  );

describe('a bare key id is in its region’s partition', () => {
  const regions: [region: string, arn: string][] = [
    ['us-east-1', `arn:aws:kms:us-east-1:${ACCT}:key/${KID}`],
    ['eu-south-1', `arn:aws:kms:eu-south-1:${ACCT}:key/${KID}`],
    ['cn-north-1', `arn:aws-cn:kms:cn-north-1:${ACCT}:key/${KID}`],
    ['us-gov-west-1', `arn:aws-us-gov:kms:us-gov-west-1:${ACCT}:key/${KID}`],
    ['us-iso-east-1', `arn:aws-iso:kms:us-iso-east-1:${ACCT}:key/${KID}`],
    ['us-isob-east-1', `arn:aws-iso-b:kms:us-isob-east-1:${ACCT}:key/${KID}`],
    ['us-isof-south-1', `arn:aws-iso-f:kms:us-isof-south-1:${ACCT}:key/${KID}`],
    ['eu-isoe-west-1', `arn:aws-iso-e:kms:eu-isoe-west-1:${ACCT}:key/${KID}`],
    ['eusc-de-east-1', `arn:aws-eusc:kms:eusc-de-east-1:${ACCT}:key/${KID}`],
  ];

  it.each(regions)('%s', async (region, arn) => {
    const s = await storeWith([kmsRecord({ eventID: 'denied', awsRegion: region, eventName: 'DescribeKey', requestParameters: { keyId: KID }, ...denied })]);
    expect((await rows(s)).get('denied')?.key_arn).toBe(arn);
  });

  const ISO_KEY = `arn:aws-iso:kms:us-iso-east-1:${ACCT}:key/${KID}`;
  const iso = (over: Record<string, unknown>) => kmsRecord({ awsRegion: 'us-iso-east-1', ...over });

  it('so a key named by ARN and by bare id is one key', async () => {
    const s = await storeWith([
      iso({ eventID: 'decrypt', resources: [{ accountId: ACCT, type: 'AWS::KMS::Key', ARN: ISO_KEY }] }),
      iso({ eventID: 'denied', eventName: 'GenerateDataKey', requestParameters: { keyId: KID }, ...denied }),
      iso({
        eventID: 're-encrypt',
        eventName: 'ReEncrypt',
        requestParameters: { destinationKeyId: KID, sourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
        resources: [{ accountId: ACCT, type: 'AWS::KMS::Key', ARN: `arn:aws-iso:kms:us-iso-east-1:${ACCT}:key/${MRK}` }],
      }),
    ]);
    const r = await rows(s);
    expect(r.get('decrypt')?.key_arn).toBe(ISO_KEY);
    expect(r.get('denied')?.key_arn).toBe(ISO_KEY);
    expect(r.get('re-encrypt')?.dest_key_arn).toBe(ISO_KEY);
    expect(await keys(s)).toEqual([ISO_KEY, `arn:aws-iso:kms:us-iso-east-1:${ACCT}:key/${MRK}`].sort());
  });

  it('and an alias used as keyId resolves to the key its evidence names', async () => {
    const s = await storeWith([
      // CreateAlias names its target by bare id.
      iso({ eventID: 'create', eventName: 'CreateAlias', eventTime: '2026-11-20T10:00:00Z', readOnly: false, requestParameters: { aliasName: 'alias/x', targetKeyId: KID }, resources: [] }),
      iso({ eventID: 'use-x', eventTime: '2026-11-20T11:00:00Z', requestParameters: { keyId: 'alias/x' }, ...denied }),
      // A successful call by alias that lists the key (as AWS services' calls do) is evidence too.
      iso({ eventID: 'evidence-y', eventTime: '2026-11-20T10:00:00Z', requestParameters: { keyId: 'alias/y' }, resources: [{ accountId: ACCT, type: 'AWS::KMS::Key', ARN: ISO_KEY }] }),
      iso({ eventID: 'use-y', eventTime: '2026-11-20T11:00:00Z', requestParameters: { keyId: 'alias/y' }, ...denied }),
    ]);
    const r = await rows(s);
    expect(r.get('create')?.key_arn).toBe(ISO_KEY);
    expect(r.get('use-x')).toMatchObject({ key_ref: `arn:aws-iso:kms:us-iso-east-1:${ACCT}:alias/x`, key_arn: ISO_KEY });
    expect(r.get('use-y')).toMatchObject({ key_ref: `arn:aws-iso:kms:us-iso-east-1:${ACCT}:alias/y`, key_arn: ISO_KEY });
    expect(await keys(s)).toEqual([ISO_KEY]);
  });
});

describe('only a keyId shaped as a key id names a key', () => {
  const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/${KID}`;
  const OTHER = `arn:aws:kms:us-east-1:${ACCT}:key/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d`;
  const cases: { id: string; record: Record<string, unknown>; key: string | null; dest?: string | null }[] = [
    { id: 'uuid', record: { requestParameters: { keyId: KID }, ...denied }, key: KEY },
    {
      id: 'upper-case-uuid',
      record: { requestParameters: { keyId: '0F1E2D3C-4B5A-4978-8A6B-5C4D3E2F1A0B' }, ...denied },
      key: `arn:aws:kms:us-east-1:${ACCT}:key/0F1E2D3C-4B5A-4978-8A6B-5C4D3E2F1A0B`,
    },
    { id: 'mrk', record: { requestParameters: { keyId: MRK }, ...denied }, key: `arn:aws:kms:us-east-1:${ACCT}:key/${MRK}` },
    {
      id: 'name',
      record: { eventName: 'DescribeKey', requestParameters: { keyId: 'my-app-key' }, errorCode: 'NotFoundException', errorMessage: 'Invalid keyId my-app-key', resources: undefined },
      key: null,
    },
    {
      id: 'empty',
      record: {
        eventName: 'Encrypt',
        requestParameters: { keyId: '' },
        errorCode: 'ValidationException',
        errorMessage: "1 validation error detected: Value '' at 'keyId' failed to satisfy constraint",
        resources: undefined,
      },
      key: null,
    },
    { id: 'short-mrk', record: { requestParameters: { keyId: 'mrk-1234' }, ...denied }, key: null },
    { id: 'uuid-and-more', record: { requestParameters: { keyId: `${KID}x` }, ...denied }, key: null },
    { id: 'not-hex', record: { requestParameters: { keyId: 'gggggggg-4b5a-4978-8a6b-5c4d3e2f1a0b' }, ...denied }, key: null },
    // Another source still names the key.
    { id: 'name-with-resources', record: { requestParameters: { keyId: 'my-app-key' }, resources: [{ accountId: ACCT, type: 'AWS::KMS::Key', ARN: OTHER }] }, key: OTHER },
    {
      id: 'name-with-message',
      record: { requestParameters: { keyId: 'key-1' }, errorCode: 'AccessDeniedException', errorMessage: `not authorized to perform: kms:Decrypt on resource: ${OTHER}`, resources: undefined },
      key: OTHER,
    },
    {
      id: 'alias-target-name',
      record: { eventName: 'CreateAlias', readOnly: false, requestParameters: { aliasName: 'alias/bad', targetKeyId: 'my-app-key' }, errorCode: 'NotFoundException', errorMessage: null, resources: [] },
      key: null,
    },
    {
      id: 'destination-name',
      record: { eventName: 'ReEncrypt', requestParameters: { destinationKeyId: '1234' }, errorCode: 'NotFoundException', errorMessage: null, resources: [{ accountId: ACCT, type: 'AWS::KMS::Key', ARN: OTHER }] },
      key: OTHER,
      dest: null,
    },
  ];

  it('key_arn and dest_key_arn, case by case; no key is made up; the rest count as naming no key', async () => {
    const s = await storeWith(cases.map((c) => kmsRecord({ eventID: c.id, eventName: 'Decrypt', ...c.record })));
    const r = await rows(s);
    for (const c of cases) {
      expect(r.get(c.id)?.key_arn, c.id).toBe(c.key);
      if (c.dest !== undefined) expect(r.get(c.id)?.dest_key_arn, c.id).toBe(c.dest);
    }
    expect(await keys(s)).toEqual([
      `arn:aws:kms:us-east-1:${ACCT}:key/${KID}`,
      `arn:aws:kms:us-east-1:${ACCT}:key/0F1E2D3C-4B5A-4978-8A6B-5C4D3E2F1A0B`,
      `arn:aws:kms:us-east-1:${ACCT}:key/${MRK}`,
      OTHER,
    ].sort());
    // name, empty, short-mrk, uuid-and-more, not-hex, alias-target-name.
    expect((await runQuery(s.engine, Q.eventsCount, { ...window, noKey: true })).rows[0]).toMatchObject({ events: 6 });
  });
});
