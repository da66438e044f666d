import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsRecord, tempDir, writeTrailFile } from '@/lib/test/fixtures';
import { isProvenanceLine } from '../../lib/export/csv';

/**
 * Integrity failures in the exports: the principal × key CSV has a column of its own, and the
 * events export narrows to them by errorClass. Expected values are counted by hand from the records.
 */
let exportPanel: typeof import('./export/[panel]/route');
let exportEvents: typeof import('./events/export/route');

const A = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${A}:key/cccccccc-3333-4333-8333-333333333333`;
const who = (name: string) => ({
  type: 'AssumedRole',
  arn: `arn:aws:sts::${A}:assumed-role/${name}/s`,
  accountId: A,
  sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${A}:role/${name}`, accountId: A, userName: name } },
});
const at = (m: number) => `2026-11-20T12:${String(m).padStart(2, '0')}:00Z`;
const onKey = [{ accountId: A, type: 'AWS::KMS::Key', ARN: KEY }];

beforeAll(async () => {
  process.env.KEYTRAIL_DB = path.join(tempDir(), 'export-integrity.duckdb');
  const root = tempDir();
  writeTrailFile(root, 'integrity', [
    // ProbeRole: 3 rejected signatures, 1 rejected MAC, 1 denial → integrity 4, accessDenied 1.
    ...[0, 1, 2].map((m) =>
      kmsRecord({
        eventID: `sig-${m}`,
        eventName: 'Verify',
        eventTime: at(m),
        userIdentity: who('ProbeRole'),
        resources: onKey,
        errorCode: 'KMSInvalidSignatureException',
      }),
    ),
    kmsRecord({
      eventID: 'mac-3',
      eventName: 'VerifyMac',
      eventTime: at(3),
      userIdentity: who('ProbeRole'),
      resources: onKey,
      errorCode: 'KMSInvalidMacException',
    }),
    kmsRecord({ eventID: 'denied-4', eventTime: at(4), userIdentity: who('ProbeRole'), resources: onKey, errorCode: 'AccessDenied' }),
    // AppRole: a tampered ciphertext, a throttled call, a success → integrity 1, other 1.
    kmsRecord({
      eventID: 'ct-5',
      eventTime: at(5),
      userIdentity: who('AppRole'),
      resources: onKey,
      errorCode: 'InvalidCiphertextException',
    }),
    kmsRecord({ eventID: 'thr-6', eventTime: at(6), userIdentity: who('AppRole'), resources: onKey, errorCode: 'ThrottlingException' }),
    kmsRecord({ eventID: 'ok-7', eventTime: at(7), userIdentity: who('AppRole'), resources: onKey }),
  ]);
  const { getStore } = await import('@/lib/server/store');
  const { ingestPaths } = await import('@/lib/ingest/ingest');
  await ingestPaths((await getStore()).db!, [root]);
  exportPanel = await import('./export/[panel]/route');
  exportEvents = await import('./events/export/route');
});
afterAll(async () => (await (await import('@/lib/server/store')).getStore()).db!.close());

const req = (url: string) => new NextRequest(new URL(url, 'http://localhost'));
const RANGE = 'from=2026-11-20&to=2026-11-21';

describe('integrity failures in the exports', () => {
  it('the principal × key export has an integrity column', async () => {
    const res = await exportPanel.GET(req(`/api/export/failures-by-principal-key?${RANGE}&format=csv`), {
      params: Promise.resolve({ panel: 'failures-by-principal-key' }),
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).split('\r\n').filter((l) => l && !isProvenanceLine(l));
    expect(lines).toEqual([
      // principalTotal: each principal's failures on every key (all on KEY here: 5 and 2).
      'principal,keyArn,accessDenied,keyState,integrity,other,count,principalTotal',
      `arn:aws:iam::${A}:role/ProbeRole,${KEY},1,0,4,0,5,5`,
      `arn:aws:iam::${A}:role/AppRole,${KEY},0,0,1,1,2,2`,
    ]);
  });

  it('the events export narrows to errorClass=integrity and says so', async () => {
    const res = await exportEvents.GET(req(`/api/events/export?${RANGE}&errorClass=integrity&format=json`));
    const body = (await res.json()) as { meta: { filters: Record<string, string> }; events: { eventId: string; errorClass: string }[] };
    expect(body.meta.filters).toMatchObject({ errorClass: 'integrity' });
    expect(body.events.map((e) => e.eventId).sort()).toEqual(['ct-5', 'mac-3', 'sig-0', 'sig-1', 'sig-2']);
    expect(new Set(body.events.map((e) => e.errorClass))).toEqual(new Set(['integrity']));
  });
});
