import { beforeAll, describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { asRole, callAt, deniedAt, FINDINGS_ACCOUNT, findingsOver, trailTime } from '../test/findings-over';
import type { Finding } from './rules';

/**
 * Explanations name a key by the alias it has now, with its id; a key whose alias moved away goes by
 * its id alone. The evidence filters keep the full ARN. Expected texts are written by hand.
 */
const A = FINDINGS_ACCOUNT;
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const key = (n: number) => `arn:aws:kms:us-east-1:${A}:key/${id(n)}`;
const FROM = Date.parse('2026-11-19T00:00:00Z');
const TO = Date.parse('2026-11-21T00:00:00Z');
const H = 3_600_000;

const aliasChange = (eventName: string, name: string, n: number, ms: number) =>
  asRole('AdminRole', { eventName, eventTime: trailTime(ms), requestParameters: { aliasName: name, targetKeyId: id(n) }, resources: [] });

let findings: Finding[];
beforeAll(async () => {
  const base = FROM - 15 * 24 * H;
  const recs: Record<string, unknown>[] = [
    // Key 1 is alias/release-signing. alias/old-name was on key 2 and moved to key 3: key 2 has no name now.
    aliasChange('CreateAlias', 'alias/release-signing', 1, base),
    aliasChange('CreateAlias', 'alias/old-name', 2, base),
    aliasChange('UpdateAlias', 'alias/old-name', 3, base + H),
  ];
  // A steady caller on both keys through the 14-day baseline, so a new caller counts as new.
  for (let h = base; h < TO; h += H) for (const n of [1, 2]) recs.push(callAt('SteadyRole', key(n), h + 60_000));
  // 20 denials within 10 minutes on each key (the default threshold is 20).
  for (let i = 0; i < 20; i++) recs.push(deniedAt('BurstRole', key(1), FROM + 2 * H + i * 29_000));
  for (let i = 0; i < 20; i++) recs.push(deniedAt('BurstRole', key(2), FROM + 4 * H + i * 29_000));
  // A caller first seen in the range, on key 1.
  recs.push(callAt('NewRole', key(1), FROM + 6 * H));
  // Another account calls key 1.
  recs.push(
    kmsRecord({
      eventTime: trailTime(FROM + 7 * H),
      userIdentity: { type: 'AWSAccount', principalId: 'AIDAX', accountId: '999988887777' },
      resources: [{ accountId: A, type: 'AWS::KMS::Key', ARN: key(1) }],
    }),
  );
  findings = await findingsOver(recs, FROM, TO);
}, 120_000);

const of = (rule: string) => findings.filter((f) => f.rule === rule);

describe('finding explanations name keys by alias', () => {
  it('a denial burst on an aliased key names the alias and the id; on a key whose alias moved away, the id alone', () => {
    const byKey = new Map(of('denial-burst').map((f) => [f.keyArn, f]));
    expect(byKey.get(key(1))?.explanation).toBe(
      `20 AccessDenied within 10 minutes on alias/release-signing (${id(1)}) (threshold 20): someone is trying to use a key they may not.`,
    );
    expect(byKey.get(key(2))?.explanation).toBe(
      `20 AccessDenied within 10 minutes on key/${id(2)} (threshold 20): someone is trying to use a key they may not.`,
    );
  });

  it('a new principal and a cross-account call name the key the same way', () => {
    // BurstRole and the other account are new callers too; NewRole is the one on key 1 alone.
    expect(
      of('new-principal')
        .filter((f) => f.principal?.endsWith('role/NewRole'))
        .map((f) => f.explanation),
    ).toEqual([`First call to alias/release-signing (${id(1)}) by this principal; it made none in the 14 days before the range.`]);
    expect(of('cross-account').map((f) => f.explanation)).toEqual([
      `Account 999988887777 called alias/release-signing (${id(1)}), a key of account ${A} (0 of 1 calls failed).`,
    ]);
  });

  it('the evidence filters keep the full key ARN', () => {
    for (const rule of ['denial-burst', 'new-principal', 'cross-account']) for (const f of of(rule)) expect(f.evidence.key).toBe(f.keyArn);
    expect(
      of('denial-burst')
        .map((f) => f.evidence.key)
        .sort(),
    ).toEqual([key(1), key(2)]);
  });
});
