import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * Test support: reads a generated trail back with plain zlib + JSON.parse, never with the
 * generator's own code, so the sample tests check the files as ingest will see them.
 */
export interface Identity {
  type?: string;
  arn?: string;
  accountId?: string;
  principalId?: string;
  invokedBy?: string;
  userName?: string;
  sessionContext?: { sessionIssuer?: { type: string; arn: string }; attributes?: { creationDate: string } };
}
export interface Rec {
  eventVersion: string;
  userIdentity: Identity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  requestID?: string;
  eventID: string;
  readOnly: boolean;
  resources?: { accountId?: string; type: string; ARN: string }[];
  eventType: string;
  managementEvent: boolean;
  recipientAccountId: string;
  serviceEventDetails?: Record<string, unknown>;
  eventCategory: string;
  tlsDetails?: Record<string, string>;
}
export interface LogFile {
  rel: string;
  text: string;
  records: Rec[];
  raw: string[];
}

export interface Trail {
  logs: LogFile[];
  digests: { rel: string; text: string; body: Record<string, unknown> }[];
  /** Every record as delivered (re-deliveries included). */
  recs: Rec[];
  /** KMS records, each once (re-deliveries dropped, as ingest does). */
  kms: Rec[];
}

export const listFiles = (root: string): string[] =>
  fs
    .readdirSync(root, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(root, e.name)) : [path.join(root, e.name)]));

export function readTrail(dir: string): Trail {
  const logs: LogFile[] = [];
  const digests: Trail['digests'] = [];
  for (const f of listFiles(dir)) {
    const rel = path.relative(dir, f).split(path.sep).join('/');
    const text = zlib.gunzipSync(fs.readFileSync(f)).toString('utf8');
    if (rel.includes('/CloudTrail-Digest/')) digests.push({ rel, text, body: JSON.parse(text) as Record<string, unknown> });
    else {
      const doc = JSON.parse(text) as { Records: Rec[] };
      // The text of each record, to compare re-deliveries byte for byte.
      logs.push({ rel, text, records: doc.Records, raw: doc.Records.map((r) => JSON.stringify(r)) });
    }
  }
  const recs = logs.flatMap((l) => l.records);
  const seen = new Set<string>();
  const kms = recs.filter((r) => r.eventSource === 'kms.amazonaws.com' && !seen.has(r.eventID) && !!seen.add(r.eventID));
  return { logs, digests, recs, kms };
}

/** Temp folders under os.tmpdir(); call the returned cleanup in afterAll. */
export function tempDirs() {
  const made: string[] = [];
  return {
    make: () => {
      const d = fs.mkdtempSync(path.join(process.env.KEYTRAIL_TEST_TMP ?? os.tmpdir(), 'keytrail-sample-'));
      made.push(d);
      return d;
    },
    cleanup: () => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })),
  };
}

export const unique = <T>(xs: T[]) => [...new Set(xs)];
