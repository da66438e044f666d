import { afterAll, describe, expect, it } from 'vitest';
import { EventsSearch } from '../api-schemas';
import { ingestPaths } from '../ingest/ingest';
import * as Q from '../queries/catalog';
import { runQuery } from '../queries/define';
import { generateSampleTrail } from '../sample/generate';
import { parseSearch } from '../search-params';
import { kmsRecord, readAllRecords, REAL_LOGS, tempDir, tempStore, writeTrailFile } from '../test/fixtures';
import { asRole, callAt, deniedAt, FINDINGS_ACCOUNT, trailTime } from '../test/findings-over';
import type { TestStore as TestStoreHandle } from '../test/store-per-test';
import { findingsConfig } from './config';
import { runFindings, type Finding } from './rules';

/**
 * A finding's evidence is "the filter that opens exactly the events behind it" (rule-ids.ts): an
 * analyst who sees "7" and clicks through must find 7 events there. Checked for every finding the
 * rules raise over the sample trail and over the real trails, by opening each drill-down as the
 * events page does (its search params, parsed by the page's own schema) and counting what it lists.
 * Where a rule counts something other than events, the test says what it expects instead.
 */
const stores: TestStoreHandle[] = [];
afterAll(() => stores.forEach((s) => s.close()));

async function storeOf(dir: string) {
  const s = await tempStore();
  stores.push(s);
  await ingestPaths(s.db, [dir]);
  return s;
}

async function drillDown(store: TestStoreHandle, f: Finding, span = { from: new Date(f.evidence.from), to: new Date(f.evidence.to) }) {
  const s = parseSearch(EventsSearch, f.evidence);
  const { from, to } = span;
  const res = await runQuery(store.engine, Q.eventsCount, { ...s, keyArn: s.key, from, to });
  return res.rows[0];
}

async function checkAll(store: TestStoreHandle, from: Date, to: Date): Promise<Set<string>> {
  return new Set((await checked(store, from, to)).map((f) => f.rule));
}

/** Every finding in the window, each checked against its drill-down. */
async function checked(store: TestStoreHandle, from: Date, to: Date): Promise<Finding[]> {
  const res = await runFindings(store.engine, { from, to }, findingsConfig({}));
  expect(res.errors).toEqual([]);
  for (const f of res.findings) {
    const got = await drillDown(store, f);
    const what = `${f.rule} ${f.keyArn} ${f.principal} ${f.firstSeen}: ${f.explanation}`;
    if (f.rule === 'logging-gap') {
      // Hours without a KMS event: the drill-down shows the last event before (with the hour before
      // it, for context) and the first after; nothing between them.
      const inside = { from: new Date(Date.parse(f.firstSeen) + 1000), to: new Date(f.lastSeen) };
      expect((await drillDown(store, f, inside)).events, what).toBe(0);
      expect(got.events, what).toBeGreaterThan(0);
    } else if (f.rule === 'usage-spike') {
      // It scores the calls that worked; the list shows the failed ones too, and the text says how many.
      expect(got.events - got.failed, what).toBe(f.count);
      if (got.failed) expect(f.explanation, what).toContain(`and ${got.failed} failed calls`);
    } else {
      expect(got.events, what).toBe(f.count);
    }
  }
  return res.findings;
}

describe("every finding's drill-down lists the events it counts", () => {
  it('over the sample trail, the last week and the whole month', async () => {
    const now = new Date('2026-11-28T17:30:00Z');
    const dir = tempDir();
    await generateSampleTrail({ outDir: dir, now, days: 30, events: 6000 });
    const store = await storeOf(dir);
    const seen = await checkAll(store, new Date(now.getTime() - 7 * 86_400_000), now);
    for (const r of await checkAll(store, new Date(now.getTime() - 30 * 86_400_000), now)) seen.add(r);
    // Not vacuous: the sample plants most rules.
    expect(seen.size).toBeGreaterThanOrEqual(6);
  }, 120_000);

  it('over the cases where a count and its list used to part: ReEncrypts into a key, management failing alongside', async () => {
    const A = FINDINGS_ACCOUNT;
    const key = (n: number) => `arn:aws:kms:us-east-1:${A}:key/${n}${n}${n}${n}${n}${n}${n}${n}-1111-4111-8111-111111111111`;
    const t = Date.UTC(2026, 10, 20, 12);
    const MIN = 60_000;
    // A ReEncrypt from key 1 into key 2, refused on its source.
    const reEncrypt = (who: (o: Record<string, unknown>) => Record<string, unknown>, ms: number, over: Record<string, unknown> = {}) =>
      who({
        eventName: 'ReEncrypt',
        eventTime: trailTime(ms),
        requestParameters: { destinationKeyId: key(2), sourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
        resources: [key(1), key(2)].map((ARN) => ({ accountId: A, type: 'AWS::KMS::Key', ARN })),
        ...over,
      });
    const mover = (o: Record<string, unknown>) => asRole('Mover', o);
    const root = (o: Record<string, unknown>) =>
      kmsRecord({ userIdentity: { type: 'Root', arn: `arn:aws:iam::${A}:root`, accountId: A, principalId: A }, ...o });
    const denied = { errorCode: 'AccessDenied', errorMessage: `not authorized to perform: kms:ReEncryptFrom on resource: ${key(1)}` };
    const disabled = { errorCode: 'DisabledException', errorMessage: 'is disabled.' };
    const records = [
      // Mover: 20 denials on key 2, and 3 refused ReEncrypts into it among them (a burst on key 2 of 23).
      ...Array.from({ length: 20 }, (_, i) => asRole('Mover', { ...deniedAt('Mover', key(2), t + i * 15_000) })),
      ...[1, 2, 3].map((m) => reEncrypt(mover, t + m * MIN, denied)),
      // Root: Encrypt on key 2 either side of a ReEncrypt into it.
      root({ eventTime: trailTime(t), eventName: 'Encrypt', resources: [{ accountId: A, type: 'AWS::KMS::Key', ARN: key(2) }] }),
      reEncrypt(root, t + 5 * MIN),
      root({ eventTime: trailTime(t + 10 * MIN), eventName: 'Encrypt', resources: [{ accountId: A, type: 'AWS::KMS::Key', ARN: key(2) }] }),
      // Mixed: two operations on disabled key 3, a grant on it failing the same way between them.
      callAt('Mixed', key(3), t, { eventName: 'Decrypt', ...disabled }),
      callAt('Mixed', key(3), t + MIN, { eventName: 'CreateGrant', ...disabled }),
      callAt('Mixed', key(3), t + 2 * MIN, { eventName: 'GenerateDataKey', ...disabled }),
    ];
    const dir = tempDir();
    writeTrailFile(dir, 'cases', records);
    const store = await storeOf(dir);
    const found = await checked(store, new Date(Date.UTC(2026, 10, 20)), new Date(Date.UTC(2026, 10, 21)));
    // Counted by hand from the records above.
    const n = (k: number) => `key ${k}`;
    const keyNo = (arn: string | null) => `key ${arn?.split('/')[1][0]}`;
    expect(found.map((f) => `${f.rule} ${keyNo(f.keyArn)} ${f.principal?.split(':').pop()} ${f.count}`).sort()).toEqual([
      `denial-burst ${n(2)} role/Mover 23`,
      `root-use ${n(1)} root 1`,
      `root-use ${n(2)} root 3`,
      `unusable-key ${n(3)} role/Mixed 3`,
    ]);
  });

  it('over the real trails, over their whole span', async () => {
    const times = readAllRecords(REAL_LOGS).map((r) => Date.parse(String(r.record.eventTime)));
    const store = await storeOf(REAL_LOGS);
    const seen = await checkAll(store, new Date(Math.min(...times)), new Date(Math.max(...times) + 1000));
    expect(seen.size).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
