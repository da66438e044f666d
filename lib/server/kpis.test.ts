import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { kmsRecord, tempDir, writeTrailFile } from '../test/fixtures';
import { NOTHING_LOGGED } from '../log-coverage';

/**
 * The headline numbers (queries/overview/kpis.sql through kpisWithPrevious), hand-counted, and
 * when the previous period is compared at all: only when the logs cover it.
 */
const A = '111122223333';
const K1 = `arn:aws:kms:us-east-1:${A}:key/11111111-1111-4111-8111-111111111111`;
const K2 = `arn:aws:kms:us-east-1:${A}:key/22222222-2222-4222-8222-222222222222`;
const res = (k: string) => [{ accountId: A, type: 'AWS::KMS::Key', ARN: k }];
const user = (name: string) => ({ type: 'IAMUser', arn: `arn:aws:iam::${A}:user/${name}`, accountId: A });
const at = (day: number, hour: number) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;

// Range: 20–22 Nov; previous period: 18–20 Nov. The logs begin on 19 Nov at 06:00.
const RANGE = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-22T00:00:00Z'), bucket: 'hour' as const, preset: null };
const records = [
  kmsRecord({ eventTime: at(19, 6), resources: res(K2), userIdentity: user('bob') }), // previous period, the logs' first event
  kmsRecord({ eventTime: at(19, 9), resources: res(K1), userIdentity: user('alice') }), // previous period
  kmsRecord({ eventTime: at(20, 1), resources: res(K2), userIdentity: user('bob') }),
  kmsRecord({ eventTime: at(20, 2), resources: res(K1), userIdentity: user('alice') }),
  kmsRecord({
    eventTime: at(20, 3),
    resources: undefined,
    userIdentity: user('alice'),
    errorCode: 'AccessDenied',
    errorMessage: `not authorized on resource: ${K1}`,
  }),
  // A call that names no key: in the total, in no key's count.
  kmsRecord({
    eventTime: at(20, 5),
    eventName: 'ListAliases',
    resources: undefined,
    requestParameters: { limit: 100 },
    userIdentity: user('alice'),
  }),
  kmsRecord({
    eventTime: at(21, 4),
    resources: res(K1),
    userIdentity: user('carol'),
    errorCode: 'DisabledException',
    errorMessage: `${K1} is disabled.`,
  }),
  kmsRecord({ eventTime: at(22, 0), resources: res(K1), userIdentity: user('dave') }), // after the range (exclusive end)
];

let data: typeof import('./data');
beforeAll(async () => {
  process.env.KEYTRAIL_DB = path.join(tempDir(), 'kpis.duckdb');
  const dir = tempDir();
  writeTrailFile(dir, 'kpis', records);
  const { getStore } = await import('./store');
  const { ingestPaths } = await import('../ingest/ingest');
  await ingestPaths((await getStore()).db!, [dir]);
  data = await import('./data');
});
afterAll(async () => (await (await import('./store')).getStore()).db!.close());

describe('headline numbers', () => {
  it('all keys: 5 calls (1 naming no key), 2 failed, 1 denied, 2 keys, 3 principals in the range', async () => {
    const k = await data.kpisWithPrevious(null, RANGE);
    expect(k.current).toEqual({ calls: 5, failed: 2, accessDenied: 1, activeKeys: 2, principals: 3, noKeyCalls: 1 });
    expect(k.previousCounts).toEqual({ calls: 2, failed: 0, accessDenied: 0, activeKeys: 2, principals: 2, noKeyCalls: 0 });
  });

  it('one key: its 3 calls by 2 principals', async () => {
    const k = await data.kpisWithPrevious(K1, RANGE);
    expect(k.current).toEqual({ calls: 3, failed: 2, accessDenied: 1, activeKeys: 1, principals: 2, noKeyCalls: 0 });
    expect(k.previousCounts.calls).toBe(1);
  });

  it('the logs begin 30 hours into the 48-hour previous period: no comparison', async () => {
    for (const key of [null, K1]) {
      const k = await data.kpisWithPrevious(key, RANGE);
      expect([k.previous, k.previousComplete]).toEqual([undefined, false]);
    }
  });

  it('a previous period whose start the logs cover is compared', async () => {
    // 21–22 Nov: the previous period (20–21 Nov) has logs the day before it (19 Nov).
    const later = { ...RANGE, from: new Date('2026-11-21T00:00:00Z'), to: new Date('2026-11-22T00:00:00Z') };
    const k = await data.kpisWithPrevious(null, later);
    expect([k.previous, k.previousComplete]).toEqual([
      { calls: 4, failed: 1, accessDenied: 1, activeKeys: 2, principals: 2, noKeyCalls: 1 },
      true,
    ]);
  });

  it('a quiet start counts: an event within the first quarter of the period (6 of 24 hours)', async () => {
    // The logs' first event is at 19 Nov 06:00, with none the day before. A previous period that
    // starts one second after 19 Nov 00:00 has it 1 s inside its first 6 hours; one starting at
    // 00:00 sharp has it at the edge, outside.
    const at = (from: string) => ({ ...RANGE, from: new Date(from), to: new Date(Date.parse(from) + 86_400_000) });
    expect((await data.kpisWithPrevious(null, at('2026-11-20T00:00:01Z'))).previousComplete).toBe(true);
    expect((await data.kpisWithPrevious(null, at('2026-11-20T00:00:00Z'))).previousComplete).toBe(false);
  });
});

describe('where the logs stop short of the range (logCoverage)', () => {
  // The logs hold 19 Nov 06:00 (the first event) to 22 Nov 00:00 (the last), counted from the records above.
  const FIRST = '2026-11-19T06:00:00.000Z';
  const LAST = '2026-11-22T00:00:00.000Z';
  const range = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

  it('a range the logs cover end to end: nothing to mark', async () => {
    expect(await data.logCoverage(range('2026-11-20T00:00:00Z', '2026-11-22T00:00:00Z'))).toEqual({ logsFrom: null, logsTo: null });
    expect((await data.kpisWithPrevious(null, RANGE)).coverage).toEqual({ logsFrom: null, logsTo: null });
  });

  it('a range that starts before the logs: they begin at the first event; the end, with an event at its edge, is covered', async () => {
    // 18–23 Nov: nothing from 17 Nov (the day before) to 19 Nov 00:00 (a day in); the last event is in the day after 22 Nov.
    expect(await data.logCoverage(range('2026-11-18T00:00:00Z', '2026-11-23T00:00:00Z'))).toEqual({ logsFrom: FIRST, logsTo: null });
  });

  it('a range past both ends: the first and last events', async () => {
    const c = await data.logCoverage(range('2026-11-17T00:00:00Z', '2026-11-24T00:00:00Z'));
    expect(c).toEqual({ logsFrom: FIRST, logsTo: LAST });
    expect((await data.kpisWithPrevious(K1, range('2026-11-17T00:00:00Z', '2026-11-24T00:00:00Z') as typeof RANGE)).coverage).toEqual(c);
  });

  it('a quiet end still counts: an event in the day after the range, or in its last quarter', async () => {
    // 20 Nov 00:00 → 21 Nov 00:00: the day after holds 21 Nov 04:00.
    expect((await data.logCoverage(range('2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z'))).logsTo).toBeNull();
    // 20 Nov 06:00 → 20 Nov 22:00 (16 h): its last 4 hours and the day after hold 21 Nov 04:00.
    expect((await data.logCoverage(range('2026-11-20T06:00:00Z', '2026-11-20T22:00:00Z'))).logsTo).toBeNull();
  });

  it('a range with no event and an unlogged edge is missing logs as a whole, not a quiet range', async () => {
    // 22 Nov 01:00 → 05:00 is after every event: the start is logged (22 Nov 00:00 in the day before), the end is not.
    expect(await data.logCoverage(range('2026-11-22T01:00:00Z', '2026-11-22T05:00:00Z'))).toEqual(NOTHING_LOGGED);
    // June, months before the logs begin: a report of it must not read as "no use".
    const june = { ...range('2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z'), bucket: 'hour' as const, preset: null };
    expect(await data.logCoverage(june)).toEqual(NOTHING_LOGGED);
    const { PANELS } = await import('./panels');
    expect((await PANELS.kpis.load({} as never, june, null)).rows[0]).toMatchObject({ calls: 0, logsCoverPeriod: 'no' });
    const tl = await PANELS.timeline.load({} as never, june, null);
    expect(tl.rows).toHaveLength(24);
    expect(tl.rows.every((x) => x.logsCoverBucket === 'no')).toBe(true);
    // Inside the logs, an hour with no call of its own is covered: both edges are logged.
    expect(await data.logCoverage(range('2026-11-20T10:00:00Z', '2026-11-20T11:00:00Z'))).toEqual({ logsFrom: null, logsTo: null });
  });

  it('the timeline export marks the buckets with no logs, and the summary export says the range is not covered', async () => {
    const { PANELS } = await import('./panels');
    const r = { ...range('2026-11-18T00:00:00Z', '2026-11-23T00:00:00Z'), bucket: 'day' as const, preset: null };
    const tl = await PANELS.timeline.load({} as never, r, null);
    // Day buckets 18–22 Nov: 18 Nov ends before the first event (19 Nov 06:00); the 19th has it.
    expect(tl.rows.map((x) => [x.t, x.logsCoverBucket])).toEqual([
      ['2026-11-18T00:00:00.000Z', 'no'],
      ['2026-11-19T00:00:00.000Z', 'yes'],
      ['2026-11-20T00:00:00.000Z', 'yes'],
      ['2026-11-21T00:00:00.000Z', 'yes'],
      ['2026-11-22T00:00:00.000Z', 'yes'],
    ]);
    const kp = await PANELS.kpis.load({} as never, r, null);
    expect(kp.rows[0].logsCoverPeriod).toBe('no');
    expect((await PANELS.kpis.load({} as never, { ...RANGE, bucket: 'day' }, null)).rows[0].logsCoverPeriod).toBe('yes');
  });

  it('a range that stops being logged before its end: no comparison, and says why', async () => {
    // 21 Nov 06:00 → 23 Nov 06:00: the previous period's start is logged (19 Nov 06:00), the last
    // 12 hours of the range are not (the logs end on 22 Nov at 00:00).
    const stopped = { ...RANGE, from: new Date('2026-11-21T06:00:00Z'), to: new Date('2026-11-23T06:00:00Z') };
    const k = await data.kpisWithPrevious(null, stopped);
    expect([k.previousComplete, k.previous, k.noPrevious, k.previousToDate]).toEqual([true, undefined, 'end', false]);
  });
});

describe('a range that runs past now', () => {
  afterEach(() => vi.useRealTimers());

  it('is compared with the same stretch of the previous period, not all of it', async () => {
    // Now: 22 Nov 00:30, 24.5 hours into 21–23 Nov. Its calls: 21 Nov 04:00 and 22 Nov 00:00.
    // The same 24.5 hours of the previous period (19 Nov 00:00 → 20 Nov 00:30): 19 Nov 06:00 and 09:00.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T00:30:00Z'));
    const running = { ...RANGE, from: new Date('2026-11-21T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') };
    const k = await data.kpisWithPrevious(null, running);
    expect(k.current.calls).toBe(2);
    expect(k.previousRange).toEqual({ from: new Date('2026-11-19T00:00:00Z'), to: new Date('2026-11-20T00:30:00Z') });
    expect([k.previousToDate, k.noPrevious, k.previous?.calls]).toEqual([true, null, 2]);
  });

  it('wholly in the future: nothing to compare', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-20T12:00:00Z'));
    const ahead = { ...RANGE, from: new Date('2026-11-21T00:00:00Z'), to: new Date('2026-11-22T00:00:00Z') };
    const k = await data.kpisWithPrevious(null, ahead);
    expect([k.previous, k.noPrevious]).toEqual([undefined, 'ahead']);
  });
});

describe('comparedPeriod', () => {
  it('the previous period of equal length; for a range past now, the same stretch of it; nothing of it for one wholly ahead', () => {
    const r = { from: new Date('2026-11-21T00:00:00Z'), to: new Date('2026-11-28T00:00:00Z') };
    const past = data.comparedPeriod(r, Date.parse('2026-12-01T00:00:00Z'));
    expect([past.prev, past.toDate]).toEqual([{ from: new Date('2026-11-14T00:00:00Z'), to: r.from }, false]);
    const running = data.comparedPeriod(r, Date.parse('2026-11-24T06:00:00Z'));
    expect([running.prev, running.toDate]).toEqual([
      { from: new Date('2026-11-14T00:00:00Z'), to: new Date('2026-11-17T06:00:00Z') },
      true,
    ]);
    const ahead = data.comparedPeriod(r, Date.parse('2026-11-20T00:00:00Z'));
    expect(ahead.prev.to).toEqual(ahead.prev.from);
    // A preset ends now rounded up to the minute: that is "until now", the whole previous period.
    const preset = data.comparedPeriod(r, Date.parse('2026-11-27T23:59:01Z'));
    expect([preset.prev, preset.toDate]).toEqual([past.prev, false]);
  });
});
