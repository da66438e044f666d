import { describe, expect, it } from 'vitest';
import { callAt, findingsOver, FINDINGS_ACCOUNT } from '../test/findings-over';
import { readAllRecords, REAL_LOGS } from '../test/fixtures';
import { storesPerTest } from '../test/store-per-test';
import { runFindings, type Finding } from './rules';
import { findingsConfig } from './config';
import * as Q from '../queries/catalog';
import { runQuery } from '../queries/define';

/**
 * The secret-sweep rule (queries/findings/secret_sweep.sql): one principal decrypting many secrets or
 * SSM parameters it had not read before, within one window. Expected findings are counted by hand
 * below, and over the real Stratus trail (an attack run that harvests secrets) by plain JS.
 */
const DAY = 86_400_000;
const MIN = 60_000;
const from = Date.UTC(2026, 10, 20);
const to = from + DAY;
const KEY = `arn:aws:kms:us-east-1:${FINDINGS_ACCOUNT}:key/11111111-1111-4111-8111-111111111111`;
const secret = (n: number) => `arn:aws:secretsmanager:us-east-1:${FINDINGS_ACCOUNT}:secret:app/s${n}-Ab12Cd`;
const param = (n: number) => `arn:aws:ssm:us-east-1:${FINDINGS_ACCOUNT}:parameter/app/p${n}`;
const read = (role: string, ms: number, context: Record<string, string>, over: Record<string, unknown> = {}) =>
  callAt(role, KEY, ms, {
    eventName: 'Decrypt',
    requestParameters: { encryptionContext: context, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    ...over,
  });
const readSecret = (role: string, ms: number, n: number, version = 'v1') =>
  read(role, ms, { SecretARN: secret(n), SecretVersionId: version });
const readParam = (role: string, ms: number, n: number) => read(role, ms, { PARAMETER_ARN: param(n) });
const sweeps = (fs: Finding[]) => fs.filter((f) => f.rule === 'secret-sweep');

describe('secret-sweep', () => {
  it('fires on 10 or more secrets and parameters first read within 10 minutes, not on ones read before or spread out', async () => {
    const t = from + 12 * 3_600_000;
    const records = [
      // Logs from well before the 14-day baseline, and two secrets Harvester read in it.
      callAt('Other', KEY, from - 14 * DAY + 3_600_000),
      readSecret('Harvester', from - 5 * DAY, 1),
      readSecret('Harvester', from - 5 * DAY, 2),
      // In the range: secrets 1–10 (3 twice, another version) and parameters 1–2 within 6 minutes.
      ...Array.from({ length: 10 }, (_, i) => readSecret('Harvester', t + i * 30_000, i + 1)),
      readSecret('Harvester', t + 5 * MIN, 3, 'v2'),
      readParam('Harvester', t + 6 * MIN, 1),
      readParam('Harvester', t + 6 * MIN, 2),
      // A failed read is no read.
      read('Harvester', t + 6 * MIN, { SecretARN: secret(99) }, { errorCode: 'AccessDenied', errorMessage: 'denied' }),
      // Nine new ones: one short of the threshold.
      ...Array.from({ length: 9 }, (_, i) => readSecret('Nine', t + i * 10_000, i + 1)),
      // Twelve, but six at a time, 20 minutes apart.
      ...Array.from({ length: 12 }, (_, i) => readParam('Spread', t + (i < 6 ? 0 : 20 * MIN) + i * 1000, i + 1)),
    ];
    const found = sweeps(await findingsOver(records, from, to));
    // Harvester: secrets 3–10 and parameters 1–2 are new (1 and 2 were read in the baseline): 10.
    // Its count is the Decrypts the drill-down lists from t+1m to t+6m: those 10, secret 3's second
    // version and the failed read: 12.
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'high',
      principal: `arn:aws:iam::${FINDINGS_ACCOUNT}:role/Harvester`,
      keyArn: KEY,
      count: 12,
      firstSeen: new Date(t + 2 * 30_000).toISOString(),
      lastSeen: new Date(t + 6 * MIN).toISOString(),
    });
    expect(found[0].explanation).toMatch(
      /^10 Secrets Manager secrets or SSM parameters decrypted under .* within 10 minutes \(threshold 10; 10 in all, in 12 Decrypt calls\), none of them read by this principal earlier in the range or in the 14 days before it/,
    );
    expect(found[0].evidence).toMatchObject({ eventName: 'Decrypt', principal: `arn:aws:iam::${FINDINGS_ACCOUNT}:role/Harvester` });
  });

  it('stays quiet on a monthly rotation: the same secrets were read 30 days before', async () => {
    const t = from + 12 * 3_600_000;
    const records = [
      callAt('Other', KEY, from - 40 * DAY),
      ...Array.from({ length: 12 }, (_, i) => readSecret('SecretsRotationRole', t - 30 * DAY + i * 10_000, i + 1)),
      ...Array.from({ length: 12 }, (_, i) => readSecret('SecretsRotationRole', t + i * 10_000, i + 1, 'v2')),
    ];
    expect(sweeps(await findingsOver(records, from, to))).toEqual([]);
  });

  const storeWith = storesPerTest();
  it('on the real Stratus trail, finds the user who harvested secrets and parameters, as a plain count over its JSON does', async () => {
    const all = readAllRecords(REAL_LOGS).map((r) => r.record);
    type Rec = {
      eventName: string;
      eventTime: string;
      errorCode?: string;
      userIdentity: { arn?: string };
      requestParameters?: { encryptionContext?: Record<string, string> };
    };
    // Each principal's first successful read of each secret or parameter, in time order.
    const firsts = new Map<string, Map<string, number>>();
    for (const r of all as unknown as Rec[]) {
      const c = r.requestParameters?.encryptionContext;
      const item = c?.SecretARN ?? c?.PARAMETER_ARN;
      if (r.eventName !== 'Decrypt' || r.errorCode || !item || !r.userIdentity?.arn) continue;
      const m = firsts.get(r.userIdentity.arn) ?? new Map<string, number>();
      const t = Date.parse(r.eventTime);
      if (!m.has(item) || m.get(item)! > t) m.set(item, t);
      firsts.set(r.userIdentity.arn, m);
    }
    // The peak of new items within 10 minutes of each one, per principal.
    const peaks = [...firsts].map(([who, m]) => {
      const ts = [...m.values()].sort((a, b) => a - b);
      return [who, Math.max(...ts.map((a) => ts.filter((b) => b >= a && b - a <= 600_000).length)), ts.length] as const;
    });
    const expected = peaks.filter(([, peak]) => peak >= 10);
    expect(expected.length).toBeGreaterThan(0);
    const store = await storeWith(all);
    const res = await runFindings(
      store.engine,
      { from: new Date('2023-07-10T00:00:00Z'), to: new Date('2023-07-11T00:00:00Z') },
      findingsConfig({}),
    );
    expect(res.errors).toEqual([]);
    const got = sweeps(res.findings);
    expect(got.map((f) => [f.principal, Number(/^(\d+) /.exec(f.explanation)![1])])).toEqual(expected.map(([who, peak]) => [who, peak]));
    // One day of logs is no baseline: worth a look, with less certainty.
    for (const f of got) expect(f).toMatchObject({ severity: 'medium' });
    // Its drill-down opens the reads it counted: at least one per secret or parameter, under any key.
    for (const f of got) {
      const { principal, eventName, from, to, key, noKey } = f.evidence;
      expect(noKey, 'several keys are no "no key"').toBeUndefined();
      const listed = await runQuery(store.engine, Q.eventsCount, {
        from: new Date(from),
        to: new Date(to),
        principal,
        eventName,
        keyArn: key ?? null,
      });
      expect(listed.rows[0].events).toBeGreaterThanOrEqual(f.count);
    }
    expect(got[0].explanation).toMatch(/since the logs begin \(2023-07-10/);
  });
});
