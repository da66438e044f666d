import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllRecords, REAL_LOGS, tempDir } from '@/lib/test/fixtures';

/**
 * The JSON API over the real public trails and the hostile corpus. Every
 * expectation is counted here from the fixture JSON, not by the SQL under test.
 */
const HOSTILE = path.resolve(__dirname, '../../e2e/fixtures/hostile');
type Rec = Record<string, unknown> & { eventID: string; eventTime: string; eventName: string; eventSource: string };
let kms: Rec[];

let routes: {
  keys: typeof import('./keys/route');
  timeline: typeof import('./keys/[key]/timeline/route');
  principals: typeof import('./keys/[key]/principals/route');
  events: typeof import('./events/route');
  count: typeof import('./events/count/route');
  event: typeof import('./events/[eventId]/route');
  heatmap: typeof import('./failures/heatmap/route');
};

beforeAll(async () => {
  process.env.KEYTRAIL_DB = path.join(tempDir(), 'api.duckdb');
  const { getStore } = await import('@/lib/server/store');
  const { ingestPaths } = await import('@/lib/ingest/ingest');
  await ingestPaths((await getStore()).db!, [REAL_LOGS, HOSTILE]);
  routes = {
    keys: await import('./keys/route'),
    timeline: await import('./keys/[key]/timeline/route'),
    principals: await import('./keys/[key]/principals/route'),
    events: await import('./events/route'),
    count: await import('./events/count/route'),
    event: await import('./events/[eventId]/route'),
    heatmap: await import('./failures/heatmap/route'),
  };
  kms = readAllRecords(REAL_LOGS)
    .map((r) => r.record as Rec)
    .filter((r) => r.eventSource === 'kms.amazonaws.com');
});
afterAll(async () => (await import('@/lib/server/store')).getStore().then((s) => s.db!.close()));

const req = (url: string) => new NextRequest(new URL(url, 'http://localhost'));
const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
const keyOf = (r: Rec) => (r.resources as { ARN: string }[] | undefined)?.find((x) => x.ARN.includes(':key/'))?.ARN;
const DAY = 'from=2023-07-10&to=2023-07-11';

describe('GET /api/health', () => {
  it('says what the store holds and how the last ingest went, as counted from the fixtures', async () => {
    const { GET } = await import('./health/route');
    const body = (await (await GET()).json()) as {
      ok: boolean;
      events: number;
      ingest: { running: boolean; last: { filesRead: number; eventsAdded: number; failedFiles: number } | null };
    };
    const all = [...readAllRecords(REAL_LOGS), ...readAllRecords(HOSTILE)];
    const ids = new Set(all.filter((r) => r.record.eventSource === 'kms.amazonaws.com').map((r) => String(r.record.eventID)));
    expect(body.ok).toBe(true);
    expect(body.events).toBe(ids.size);
    expect(body.ingest.running).toBe(false);
    expect(body.ingest.last).toEqual({
      finishedAt: expect.any(String),
      filesRead: new Set(all.map((r) => r.file)).size,
      eventsAdded: ids.size,
      failedFiles: 0,
    });
  });
});

describe('GET /api/keys', () => {
  it('lists each key with calls, errors, principals and last use as counted from the logs', async () => {
    const res = await routes.keys.GET(req(`/api/keys?${DAY}`), ctx({}));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      keys: { keyArn: string; calls: number; errors: number; principals: number; lastUsed: string; alias: string | null }[];
    };
    const expected = new Map<string, { calls: number; errors: number; principals: Set<string>; last: string }>();
    for (const r of kms.filter((x) => x.eventTime.startsWith('2023-07-10'))) {
      const k = keyOf(r)!;
      const e = expected.get(k) ?? { calls: 0, errors: 0, principals: new Set(), last: '' };
      e.calls++;
      if (r.errorCode) e.errors++;
      e.principals.add((r.userIdentity as { arn: string }).arn);
      if (r.eventTime > e.last) e.last = r.eventTime;
      expected.set(k, e);
    }
    expect(body.keys.map((k) => k.keyArn).sort()).toEqual([...expected.keys()].sort());
    for (const k of body.keys) {
      const e = expected.get(k.keyArn)!;
      expect(k).toMatchObject({ calls: e.calls, errors: e.errors, principals: e.principals.size });
      expect(k.lastUsed).toBe(new Date(e.last).toISOString());
    }
    // The AWS-managed alias is known only from calls that name it as keyId.
    expect(body.keys.find((k) => k.alias === 'alias/aws/ssm')).toBeTruthy();
  });

  it.each([
    ['from=yesterday', /"from"/],
    ['from=2023-07-11&to=2023-07-10', /before/],
    ['bucket=week', /"bucket"/],
    ['from=2023-01-01&from=2023-01-02', /once/],
  ])('answers 400 for %s', async (qs, msg) => {
    const res = await routes.keys.GET(req(`/api/keys?${qs}`), ctx({}));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(msg);
  });
});

describe('GET /api/keys/<key>/timeline and /principals', () => {
  const key = 'arn:aws:kms:us-east-1:123837392027:key/0e5d0ab6-097e-49d8-99ef-747ce3e5f8f4';

  it('zero-fills hourly buckets and counts by operation, for the key given by id, ARN or alias', async () => {
    const mine = kms.filter((r) => keyOf(r) === key);
    for (const ref of [key, '0e5d0ab6-097e-49d8-99ef-747ce3e5f8f4', 'alias/aws/ssm']) {
      const res = await routes.timeline.GET(req(`/api/keys/x/timeline?${DAY}&bucket=hour`), ctx({ key: encodeURIComponent(ref) }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { keyArn: string; points: { t: string; count: number; byEventName: Record<string, number> }[] };
      expect(body.keyArn).toBe(key);
      expect(body.points).toHaveLength(24);
      for (const p of body.points) {
        const inHour = mine.filter((r) => r.eventTime.slice(0, 13) === p.t.slice(0, 13));
        expect(p.count).toBe(inHour.length);
        for (const name of new Set(inHour.map((r) => r.eventName)))
          expect(p.byEventName[name]).toBe(inHour.filter((r) => r.eventName === name).length);
      }
    }
  });

  it('groups calls under their principal', async () => {
    const res = await routes.principals.GET(req(`/api/keys/x/principals?${DAY}`), ctx({ key: encodeURIComponent(key) }));
    const body = (await res.json()) as { principals: { principal: string; calls: number }[] };
    expect(body.principals).toEqual([
      expect.objectContaining({ principal: 'arn:aws:iam::123837392027:user/bert-jan', calls: kms.filter((r) => keyOf(r) === key).length }),
    ]);
  });

  it('answers 400 for an unknown key and an oversized limit', async () => {
    expect((await routes.timeline.GET(req(`/api/keys/x/timeline?${DAY}`), ctx({ key: 'alias%2Fnope' }))).status).toBe(400);
    expect(
      (await routes.principals.GET(req(`/api/keys/x/principals?${DAY}&limit=100000`), ctx({ key: encodeURIComponent(key) }))).status,
    ).toBe(400);
  });
});

describe('GET /api/events and /api/events/<id>', () => {
  it('pages through every event exactly once, newest first, with a cursor', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/events?${DAY}&limit=25${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await (await routes.events.GET(req(url), ctx({}))).json()) as {
        events: { eventId: string; eventTime: string }[];
        nextCursor: string | null;
      };
      ids.push(...body.events.map((e) => e.eventId));
      cursor = body.nextCursor;
    } while (cursor);
    const expected = kms.filter((r) => r.eventTime.startsWith('2023-07-10'));
    expect(ids).toHaveLength(expected.length);
    expect(new Set(ids)).toEqual(new Set(expected.map((r) => r.eventID)));
  });

  it('pages back with prevCursor through the same pages, in the same order, to the first page', async () => {
    type Page = { events: { eventId: string }[]; nextCursor: string | null; prevCursor: string | null };
    const get = async (cursor: string | null): Promise<Page> =>
      (await routes.events.GET(req(`/api/events?${DAY}&limit=25${cursor ? `&cursor=${cursor}` : ''}`), ctx({}))).json() as Promise<Page>;
    const forward: Page[] = [await get(null)];
    while (forward.at(-1)!.nextCursor) forward.push(await get(forward.at(-1)!.nextCursor));
    // At least three pages, or going back proves little.
    expect(forward.length).toBeGreaterThanOrEqual(3);
    expect(forward[0].prevCursor).toBeNull();
    let page = forward.at(-1)!;
    for (let i = forward.length - 2; i >= 0; i--) {
      page = await get(page.prevCursor);
      expect(page.events.map((e) => e.eventId)).toEqual(forward[i].events.map((e) => e.eventId));
      // Forward again from a page reached going back: the page after it.
      expect((await get(page.nextCursor)).events.map((e) => e.eventId)).toEqual(forward[i + 1].events.map((e) => e.eventId));
    }
    expect(page.prevCursor).toBeNull();
  });

  it('rejects a forged cursor with 400', async () => {
    expect((await routes.events.GET(req(`/api/events?${DAY}&cursor=bm9wZQ`), ctx({}))).status).toBe(400);
  });

  it('returns the raw record byte for byte, hostile fields included', async () => {
    const res = await routes.event.GET(req('/api/events/x'), ctx({ eventId: '11111111-2222-4333-8444-000000000001' }));
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const text = await res.text();
    expect(JSON.parse(text).userAgent).toContain('<script>');
    expect((await routes.event.GET(req('/api/events/x'), ctx({ eventId: 'nope' }))).status).toBe(404);
  });
});

describe('GET /api/events/count', () => {
  type Count = { events: number; failed: number; firstEvent: string | null; lastEvent: string | null };
  const count = async (q: string) => (await (await routes.count.GET(req(`/api/events/count?${q}`), ctx({}))).json()) as Count;
  const expected = (rs: Rec[]): Count => {
    const times = rs.map((r) => Date.parse(r.eventTime)).sort((a, b) => a - b);
    return {
      events: rs.length,
      failed: rs.filter((r) => r.errorCode).length,
      firstEvent: times.length ? new Date(times[0]).toISOString() : null,
      lastEvent: times.length ? new Date(times[times.length - 1]).toISOString() : null,
    };
  };
  const onDay = (d: string) => kms.filter((r) => r.eventTime.startsWith(d));

  it('counts what the fixtures hold for the range and each filter', async () => {
    const day = onDay('2023-07-10');
    expect(day.length).toBeGreaterThan(0);
    expect(await count(DAY)).toMatchObject(expected(day));
    expect(await count(`${DAY}&eventName=Decrypt`)).toMatchObject(expected(day.filter((r) => r.eventName === 'Decrypt')));
    const [someKey] = day.map(keyOf).filter(Boolean);
    expect(await count(`${DAY}&key=${encodeURIComponent(someKey!)}`)).toMatchObject(expected(day.filter((r) => keyOf(r) === someKey)));
    // The two traildiscover records, both failed: a denied CreateKey names no key; the DescribeKey
    // names its key only in errorMessage ("Key 'arn:…' does not exist"), so it has one.
    const feb = onDay('2025-02-15');
    expect(feb.map((r) => r.eventName).sort()).toEqual(['CreateKey', 'DescribeKey']);
    const q = 'from=2025-02-15&to=2025-02-16';
    expect(await count(`${q}&errorCode=*`)).toMatchObject(expected(feb));
    expect(await count(`${q}&noKey=1`)).toMatchObject(expected(feb.filter((r) => r.eventName === 'CreateKey')));
    expect(await count('from=2001-01-01&to=2001-01-02')).toMatchObject({ events: 0, failed: 0, firstEvent: null, lastEvent: null });
  });

  it('agrees with the events the list pages through, filter by filter (the two queries share their WHERE)', async () => {
    for (const q of [
      DAY,
      `${DAY}&eventName=GenerateDataKey`,
      `${DAY}&errorCode=*`,
      'from=2025-02-15&to=2025-02-16&noKey=1',
      `${DAY}&hour=12`,
    ]) {
      let n = 0;
      let cursor: string | null = null;
      do {
        const body = (await (
          await routes.events.GET(req(`/api/events?${q}&limit=100${cursor ? `&cursor=${cursor}` : ''}`), ctx({}))
        ).json()) as {
          events: unknown[];
          nextCursor: string | null;
        };
        n += body.events.length;
        cursor = body.nextCursor;
      } while (cursor);
      expect((await count(q)).events, q).toBe(n);
    }
  });

  it('refuses what the list refuses, with 400', async () => {
    expect((await routes.count.GET(req(`/api/events/count?${DAY}&noKey=0`), ctx({}))).status).toBe(400);
    expect(
      (
        await routes.count.GET(
          req(`/api/events/count?${DAY}&noKey=1&key=${encodeURIComponent('arn:aws:kms:us-east-1:123456789012:key/x')}`),
          ctx({}),
        )
      ).status,
    ).toBe(400);
    expect((await routes.count.GET(req(`/api/events/count?${DAY}&hour=24`), ctx({}))).status).toBe(400);
    // Not midnight, not noon: an empty or hexadecimal hour or weekday is refused, not read as a number.
    for (const q of ['hour=', 'hour=%20', 'hour=0x0c', 'weekday=0x7', 'hour=1.5']) {
      const res = await routes.count.GET(req(`/api/events/count?${DAY}&${q}`), ctx({}));
      expect([q, res.status]).toEqual([q, 400]);
    }
  });
});

describe('GET /api/failures/heatmap', () => {
  it('puts each failure in its weekday (1 = Monday) and UTC hour', async () => {
    const res = await routes.heatmap.GET(req('/api/failures/heatmap?from=2025-02-15&to=2025-02-16'), ctx({}));
    const body = (await res.json()) as { cells: { weekday: number; hour: number; count: number }[] };
    const failed = kms.filter((r) => r.errorCode && r.eventTime.startsWith('2025-02-15'));
    const expected = new Map<string, number>();
    for (const r of failed) {
      const d = new Date(r.eventTime);
      const k = `${((d.getUTCDay() + 6) % 7) + 1}:${d.getUTCHours()}`;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    expect(new Map(body.cells.map((c) => [`${c.weekday}:${c.hour}`, c.count]))).toEqual(expected);
  });
});

describe('Server-Timing', () => {
  it("says how long the handler took and how much of it the engine's queries were", async () => {
    // A range no other test asks for: a cached answer would take the engine no time.
    const res = await routes.heatmap.GET(req('/api/failures/heatmap?from=2025-02-14&to=2025-02-16'), ctx({}));
    const timing = res.headers.get('server-timing') ?? '';
    const dur = (name: string) => Number(new RegExp(`${name};dur=([0-9.]+)`).exec(timing)?.[1]);
    expect(dur('app')).toBeGreaterThan(0);
    // The heatmap runs one query; the handler includes it.
    expect(dur('db')).toBeGreaterThan(0);
    expect(dur('db')).toBeLessThanOrEqual(dur('app') + 0.1);
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('is absent from an error answer (no timing for a request that did no work)', async () => {
    const res = await routes.heatmap.GET(req('/api/failures/heatmap?from=nope'), ctx({}));
    expect(res.status).toBe(400);
    expect(res.headers.get('server-timing')).toBeNull();
  });
});
