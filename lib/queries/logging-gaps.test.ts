import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest/ingest';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../test/fixtures';
import { closeGaps, loggingGaps } from './catalog';
import { runQuery } from './define';
import { storesPerTest } from '../test/store-per-test';

/**
 * logging_gaps against a plain-JS walk over the fixture's own event times: per account and region,
 * every silence of at least an hour between consecutive events, and from the last event to the end
 * of the range. The times are bursts (several calls in one minute, on both sides of a gap) and
 * silences from seconds to hours, drawn from a fixed seed.
 */
const FROM = Date.parse('2026-11-20T00:00:00Z');
const TO = Date.parse('2026-11-21T00:00:00Z');
const SOURCES = [
  ['111122223333', 'us-east-1'],
  ['111122223333', 'eu-west-1'],
  ['444455556666', 'us-east-1'],
] as const;

let seed = 7;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

const times = new Map<string, number[]>();
for (const [account, region] of SOURCES) {
  const ts: number[] = [];
  let t = FROM + Math.floor(rand() * 3_600_000);
  while (t < TO) {
    // A burst of 1–5 calls within a few seconds, then a silence: mostly short, sometimes hours.
    for (let n = 1 + Math.floor(rand() * 5); n > 0 && t < TO; n--, t += Math.floor(rand() * 4_000)) ts.push(t);
    t += rand() < 0.1 ? Math.floor(3_000_000 + rand() * 10_000_000) : Math.floor(rand() * 900_000);
  }
  times.set(`${account} ${region}`, ts);
}

function expectedGaps(minGapMs: number) {
  const out: string[] = [];
  for (const [src, ts] of times) {
    const ends = [...ts.slice(1), TO];
    ts.forEach((t, i) => ends[i] - t >= minGapMs && out.push(`${src} ${new Date(t).toISOString()} ${new Date(ends[i]).toISOString()}`));
  }
  return out.sort();
}

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  const root = tempDir();
  const records = [...times].flatMap(([src, ts]) => {
    const [account, region] = src.split(' ');
    const arn = `arn:aws:kms:${region}:${account}:key/11111111-1111-4111-8111-111111111111`;
    return ts.map((t) =>
      kmsRecord({
        eventTime: new Date(t).toISOString().replace('.000', ''),
        awsRegion: region,
        recipientAccountId: account,
        resources: [{ accountId: account, type: 'AWS::KMS::Key', ARN: arn }],
      }),
    );
  });
  writeTrailFile(root, 'gaps', records);
  store = await tempStore();
  await ingestPaths(store.db, [root]);
});
afterAll(() => store.close());

describe('logging_gaps', () => {
  it.each([3600, 7200])('every silence of at least %i s, as a walk over the event times finds them', async (minGapSeconds) => {
    const expected = expectedGaps(minGapSeconds * 1000);
    const res = await runQuery(store.engine, loggingGaps, { from: new Date(FROM), to: new Date(TO), minGapSeconds });
    const gaps = closeGaps(res.rows, new Date(TO), minGapSeconds);
    const got = gaps.map((r) => `${r.account} ${r.region} ${r.gapStart} ${r.gapEnd}`).sort();
    expect(got).toEqual(expected);
    // The fixture has gaps to find, the last one in each source runs to the end of the range.
    expect(expected.length).toBeGreaterThan(3);
    for (const r of gaps) expect(r.hours).toBeCloseTo((Date.parse(r.gapEnd) - Date.parse(r.gapStart)) / 3_600_000, 6);
  });
});

describe('logging_gaps at the edges of the range', () => {
  const storeWith = storesPerTest();
  const call = (account: string, iso: string) =>
    kmsRecord({
      eventTime: iso,
      recipientAccountId: account,
      resources: [{ accountId: account, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:us-east-1:${account}:key/11111111-1111-4111-8111-111111111111` }],
    });
  const D = 86_400_000;

  it('finds a source silent since before the range (its last event in the lookback), not one silent only before it', async () => {
    const store = await storeWith([
      // Stopped two days before the range: silent through all of it.
      call('111111111111', new Date(FROM - 2 * D).toISOString()),
      // Silent from 3 days before until noon on the range's day: the gap reaches into the range.
      call('222222222222', new Date(FROM - 3 * D).toISOString()),
      call('222222222222', new Date(FROM + D / 2).toISOString()),
      call('222222222222', new Date(FROM + D / 2 + 3_600_000).toISOString()),
      // Silent 5 days once, ending a day before the range, then steady: nothing in the range.
      call('333333333333', new Date(FROM - 7 * D).toISOString()),
      ...Array.from({ length: 48 }, (_, i) => call('333333333333', new Date(FROM - 2 * D + i * 3_600_000).toISOString())),
      ...Array.from({ length: 24 }, (_, i) => call('333333333333', new Date(FROM + i * 3_600_000).toISOString())),
    ]);
    const res = await runQuery(store.engine, loggingGaps, {
      from: new Date(FROM),
      to: new Date(TO),
      minGapSeconds: 12 * 3600,
      lookbackFrom: new Date(FROM - 14 * D),
    });
    expect(closeGaps(res.rows, new Date(TO), 12 * 3600).map((r) => [r.account, r.gapStart, r.gapEnd])).toEqual([
      ['222222222222', new Date(FROM - 3 * D).toISOString(), new Date(FROM + D / 2).toISOString()],
      ['111111111111', new Date(FROM - 2 * D).toISOString(), new Date(TO).toISOString()],
    ]);
  });

  it('ends the last gap where it is told (now, for a range that ends in the future)', async () => {
    const store = await storeWith([call('111111111111', new Date(FROM + 3_600_000).toISOString())]);
    const end = new Date(FROM + 10 * 3_600_000);
    const res = await runQuery(store.engine, loggingGaps, { from: new Date(FROM), to: new Date(TO + 30 * D), minGapSeconds: 3600 });
    expect(closeGaps(res.rows, end, 3600).map((r) => [r.gapStart, r.gapEnd, r.hours])).toEqual([[new Date(FROM + 3_600_000).toISOString(), end.toISOString(), 9]]);
  });
});
