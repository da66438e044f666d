import { describe, expect, it } from 'vitest';
import { bucketHasLogs, coverageNote, coversRange, FULL_COVERAGE, NOTHING_LOGGED } from './log-coverage';

const HOUR = 3_600_000;
const t = (iso: string) => Date.parse(iso);

describe('bucketHasLogs', () => {
  // Logs from 10:30 to 14:15 on one day, hourly buckets.
  const c = { logsFrom: '2026-11-20T10:30:00.000Z', logsTo: '2026-11-20T14:15:00.000Z' };

  it('a bucket the logs begin or end inside has logs; the ones wholly outside have none', () => {
    expect(bucketHasLogs(t('2026-11-20T09:00:00Z'), HOUR, c)).toBe(false); // ends at 10:00
    expect(bucketHasLogs(t('2026-11-20T09:30:00Z'), HOUR, c)).toBe(false); // ends at 10:30 sharp: the first event is after it
    expect(bucketHasLogs(t('2026-11-20T10:00:00Z'), HOUR, c)).toBe(true);
    expect(bucketHasLogs(t('2026-11-20T14:00:00Z'), HOUR, c)).toBe(true);
    expect(bucketHasLogs(t('2026-11-20T14:15:00Z'), HOUR, c)).toBe(true); // starts at the last event
    expect(bucketHasLogs(t('2026-11-20T15:00:00Z'), HOUR, c)).toBe(false);
  });

  it('an edge the logs reach shades nothing on its side', () => {
    expect(bucketHasLogs(t('2020-01-01T00:00:00Z'), HOUR, { ...c, logsFrom: null })).toBe(true);
    expect(bucketHasLogs(t('2030-01-01T00:00:00Z'), HOUR, { ...c, logsTo: null })).toBe(true);
    expect(bucketHasLogs(t('2030-01-01T00:00:00Z'), HOUR, FULL_COVERAGE)).toBe(true);
  });

  it('a range with nothing logged has no bucket with logs', () => {
    expect(bucketHasLogs(t('2026-11-20T10:00:00Z'), HOUR, NOTHING_LOGGED)).toBe(false);
    expect(coversRange(NOTHING_LOGGED)).toBe(false);
    expect(coversRange(FULL_COVERAGE)).toBe(true);
    expect(coversRange({ logsFrom: null, logsTo: '2026-12-01T08:00:00.000Z' })).toBe(false);
  });
});

describe('coverageNote', () => {
  it('says nothing when the logs cover the range', () => {
    expect(coverageNote(FULL_COVERAGE)).toBeNull();
  });

  it('names each edge the logs stop short of, in UTC', () => {
    expect(coverageNote({ logsFrom: '2026-11-07T14:05:09.000Z', logsTo: null })).toBe(
      'No KMS call to any key is logged in this range before 2026-11-07 14:05 UTC: missing logs (a trail not yet started or stopped, files not loaded), not necessarily no use.',
    );
    expect(coverageNote({ logsFrom: '2026-11-07T14:05:00.000Z', logsTo: '2026-12-01T08:00:00.000Z' })).toContain(
      'before 2026-11-07 14:05 UTC or after 2026-12-01 08:00 UTC:',
    );
    expect(coverageNote({ logsFrom: null, logsTo: '2026-12-01T08:00:00.000Z' })).toContain('in this range after 2026-12-01 08:00 UTC:');
    expect(coverageNote(NOTHING_LOGGED)).toMatch(/^No KMS call to any key is logged anywhere in this range: missing logs/);
  });
});
