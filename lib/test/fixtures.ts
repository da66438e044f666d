import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Database } from '../engines/duckdb/database';
import { createDuckdbEngine } from '../engines/duckdb/engine';

/** Test helpers: temp stores and hand-made trail files. Expectations never come from the SQL under test. */
export const REAL_LOGS = path.resolve(__dirname, '../../e2e/fixtures/cloudtrail-real');

const made: string[] = [];
process.once('exit', () => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A temp folder, removed when the test process exits, or else with the run's (lib/test/global-setup.ts). */
export function tempDir(prefix = 'keytrail-test-'): string {
  const d = fs.mkdtempSync(path.join(process.env.KEYTRAIL_TEST_TMP ?? os.tmpdir(), prefix));
  made.push(d);
  return d;
}

export async function tempStore() {
  const dir = tempDir();
  const db = await Database.open(path.join(dir, 'test.duckdb'));
  return { dir, db, engine: createDuckdbEngine(db), close: () => db.close() };
}

/** Every record in every log file under `dir`, read with plain zlib + JSON.parse. */
export function readAllRecords(dir: string): { file: string; record: Record<string, unknown> }[] {
  const out: { file: string; record: Record<string, unknown> }[] = [];
  const walk = (p: string) => {
    for (const e of fs.readdirSync(p, { withFileTypes: true })) {
      const f = path.join(p, e.name);
      if (e.isDirectory()) walk(f);
      else if (/\.json(\.gz)?$/.test(e.name) && !f.includes('CloudTrail-Digest')) {
        let buf = fs.readFileSync(f);
        if (buf[0] === 0x1f && buf[1] === 0x8b) buf = zlib.gunzipSync(buf);
        const doc = JSON.parse(buf.toString('utf8')) as { Records?: Record<string, unknown>[] };
        for (const record of doc.Records ?? []) out.push({ file: f, record });
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * The eventIDs a store should count, by a plain count over the records (not the SQL under test):
 * KMS records, one per eventID; no VPC endpoint copies (but their own denials); and no key owner's
 * copy of a cross-account call (a sharedEventID, the caller from another account) when the caller's
 * own copy (same sharedEventID, logged in the caller's account) is among the records too.
 */
export function countedKmsEventIds(records: Record<string, unknown>[]): Set<string> {
  const kms = records.filter(
    (r) => r.eventSource === 'kms.amazonaws.com' && (r.eventType !== 'AwsVpceEvent' || r.errorCode === 'VpceAccessDenied'),
  );
  const logged = new Set(kms.filter((r) => r.sharedEventID).map((r) => `${r.sharedEventID} ${r.recipientAccountId}`));
  const ids = new Set<string>();
  for (const r of kms) {
    const caller = (r.userIdentity as { accountId?: string } | null | undefined)?.accountId;
    if (r.sharedEventID && caller && caller !== r.recipientAccountId && logged.has(`${r.sharedEventID} ${caller}`)) continue;
    ids.add(String(r.eventID));
  }
  return ids;
}

/** Writes `{"Records":[...]}` gzipped at a CloudTrail-style path under `root`. */
export function writeTrailFile(root: string, name: string, records: unknown[], opts: { gzip?: boolean; account?: string } = {}): string {
  const account = opts.account ?? '111122223333';
  const dir = path.join(root, 'AWSLogs', account, 'CloudTrail', 'us-east-1', '2026', '11', '20');
  fs.mkdirSync(dir, { recursive: true });
  const gzip = opts.gzip ?? true;
  const f = path.join(dir, `${account}_CloudTrail_us-east-1_20261120T1200Z_${name}.json${gzip ? '.gz' : ''}`);
  const body = Buffer.from(JSON.stringify({ Records: records }));
  fs.writeFileSync(f, gzip ? zlib.gzipSync(body) : body);
  return f;
}

let seq = 0;
/** A minimal, realistic KMS record; override any field. */
export function kmsRecord(over: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE:app-session',
      arn: 'arn:aws:sts::111122223333:assumed-role/AppRole/app-session',
      accountId: '111122223333',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLE',
          arn: 'arn:aws:iam::111122223333:role/AppRole',
          accountId: '111122223333',
          userName: 'AppRole',
        },
        attributes: { creationDate: '2026-11-20T11:00:00Z', mfaAuthenticated: 'false' },
      },
    },
    eventTime: '2026-11-20T12:00:00Z',
    eventSource: 'kms.amazonaws.com',
    eventName: 'Decrypt',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-sdk-go-v2/1.30.0',
    requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    responseElements: null,
    requestID: `req-${seq}`,
    eventID: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    readOnly: true,
    resources: [
      {
        accountId: '111122223333',
        type: 'AWS::KMS::Key',
        ARN: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
      },
    ],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
    ...over,
  };
}

/**
 * A service event KMS logs itself (RotateKey, DeleteKey, DeleteExpiredKeyMaterial), shaped as the
 * developer guide shows it: no caller but the account and "AWS Internal", no request or response,
 * the key in resources and in serviceEventDetails.
 */
export function kmsServiceEvent(
  keyArn: string,
  eventName: string,
  at: string,
  details: Record<string, unknown> = {},
): Record<string, unknown> {
  const accountId = keyArn.split(':')[4];
  return kmsRecord({
    eventName,
    eventTime: at,
    userIdentity: { accountId, invokedBy: 'AWS Internal' },
    sourceIPAddress: 'AWS Internal',
    userAgent: 'AWS Internal',
    requestParameters: null,
    responseElements: null,
    requestID: undefined,
    readOnly: false,
    resources: [{ accountId, type: 'AWS::KMS::Key', ARN: keyArn }],
    eventType: 'AwsServiceEvent',
    serviceEventDetails: { keyId: keyArn.split('/').pop(), ...details },
  });
}
