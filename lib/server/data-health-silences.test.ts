import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { closeServerStore, serverStoreWith } from '../test/server-store';

vi.mock('server-only', () => ({}));

/**
 * Each source's silences on the data health page: the findings' logging-gap rule (24 hours or
 * more by default), per account and Region. Hand-built: two sources calling every hour for three
 * days, one of them quiet from 2026-11-20 09:00 (its last call) to 2026-11-21 16:00, 31 hours.
 */
const RANGE = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z'), bucket: 'day' as const, preset: null };
const HOUR = 3_600_000;
const quiet = (t: number) => t > Date.parse('2026-11-20T09:00:00Z') && t < Date.parse('2026-11-21T16:00:00Z');

let health: Awaited<ReturnType<typeof import('./data-health').dataHealth>>;
beforeAll(async () => {
  const records = [];
  for (let t = RANGE.from.getTime(); t < RANGE.to.getTime(); t += HOUR) {
    const eventTime = new Date(t).toISOString().replace('.000', '');
    records.push(kmsRecord({ eventTime, awsRegion: 'eu-west-1' }));
    if (!quiet(t)) records.push(kmsRecord({ eventTime, awsRegion: 'us-east-1' }));
  }
  await serverStoreWith(records);
  health = await (await import('./data-health')).dataHealth(RANGE);
});
afterAll(closeServerStore);

describe("the data health page's silences per source", () => {
  it('counts each source’s silences of 24 hours or more, with the longest and the events around it', () => {
    const by = Object.fromEntries(health.sources.map((s) => [s.region, s.silences]));
    expect(health.silenceHours).toBe(24);
    expect(health.silencesError).toBeNull();
    expect(by['eu-west-1']).toBeNull();
    expect(by['us-east-1']).toMatchObject({ count: 1, longestHours: 31 });
    expect(by['us-east-1']?.longest).toMatchObject({ account: '111122223333', region: 'us-east-1' });
    // The whole days count no silence: every day had calls from eu-west-1.
    expect(health.emptyDays).toEqual([]);
  });
});
