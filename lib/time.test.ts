import { describe, expect, it } from 'vitest';
import { deletionDateIso, normaliseIso, wholeDaysAround, parseUtcText } from './time';

describe('normaliseIso', () => {
  it.each([
    // DuckDB
    ['2023-07-10T11:57:50.000Z', '2023-07-10T11:57:50.000Z'],
    // Athena: timestamp, and timestamp with time zone (what from_iso8601_timestamp makes: every event_ts)
    ['2023-07-10 11:57:50.000', '2023-07-10T11:57:50.000Z'],
    ['2023-07-10 11:57:50.000 UTC', '2023-07-10T11:57:50.000Z'],
    ['2023-07-10 13:57:50.000+02:00', '2023-07-10T11:57:50.000Z'],
  ])('%s → %s', (input, out) => expect(normaliseIso(input)).toBe(out));

  it('refuses what is not a timestamp', () => {
    expect(() => normaliseIso('yesterday')).toThrow(/not a timestamp/);
  });
});

describe('deletionDateIso', () => {
  it.each([
    // As CloudTrail writes it (UTC, 12-hour clock).
    ['Dec 2, 2026, 12:00:00 PM', '2026-12-02T12:00:00.000Z'],
    ['Mar 25, 2021, 12:00:00 AM', '2021-03-25T00:00:00.000Z'],
    ['Jun 8, 2023, 3:04:05 PM', '2023-06-08T15:04:05.000Z'],
    // Epoch seconds (as some SDKs serialise it), and ISO.
    ['1.6862112E9', '2023-06-08T08:00:00.000Z'],
    ['2026-12-02T12:00:00Z', '2026-12-02T12:00:00.000Z'],
  ])('%s → %s', (raw, iso) => expect(deletionDateIso(raw)).toBe(iso));
  it('gives null for nothing or for text it cannot read', () => {
    expect(deletionDateIso(null)).toBeNull();
    expect(deletionDateIso('next week')).toBeNull();
  });
});

describe('wholeDaysAround', () => {
  it('opens on whole UTC days from the first day to the day after the last, padded each side', () => {
    expect(wholeDaysAround('2023-07-10T11:57:49Z', '2023-07-10T12:08:00Z')).toEqual({
      from: '2023-07-10T00:00:00.000Z',
      to: '2023-07-11T00:00:00.000Z',
    });
    expect(wholeDaysAround('2023-07-10T11:57:49Z', '2023-07-10T11:57:49Z', 1)).toEqual({
      from: '2023-07-09T00:00:00.000Z',
      to: '2023-07-12T00:00:00.000Z',
    });
    // An event at midnight sharp belongs to the day it starts.
    expect(wholeDaysAround('2026-12-01T00:00:00Z', '2026-12-02T23:59:59Z')).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-03T00:00:00.000Z',
    });
  });
});

describe('parseUtcText', () => {
  const iso = (s: string) => parseUtcText(s)?.toISOString() ?? null;

  it('reads ISO-8601 as typed or pasted from an event, UTC when no zone is given', () => {
    expect(iso('2026-01-31')).toBe('2026-01-31T00:00:00.000Z');
    expect(iso('2026-01-31 12:05')).toBe('2026-01-31T12:05:00.000Z');
    expect(iso('2026-01-31T12:05')).toBe('2026-01-31T12:05:00.000Z');
    expect(iso(' 2026-11-20T14:05:09Z ')).toBe('2026-11-20T14:05:09.000Z'); // a CloudTrail eventTime
    expect(iso('2026-01-31T12:05:00.25Z')).toBe('2026-01-31T12:05:00.250Z');
    expect(iso('2026-01-31T12:00+02:00')).toBe('2026-01-31T10:00:00.000Z');
    expect(iso('2026-01-31T12:00-0130')).toBe('2026-01-31T13:30:00.000Z');
  });

  it('reads a time as KeyTrail shows it', () => {
    expect(iso('2026-01-31 12:05 UTC')).toBe('2026-01-31T12:05:00.000Z');
    expect(iso('2026-01-31 12:05:07 utc')).toBe('2026-01-31T12:05:07.000Z');
    expect(iso('2026-01-31 UTC')).toBe('2026-01-31T00:00:00.000Z');
  });

  it('refuses what is not a real date or time', () => {
    for (const s of [
      '',
      'yesterday',
      '2026-02-31',
      '2026-13-01',
      '2026-01-31 25:00',
      '2026-01-31 12',
      '31/01/2026',
      '2026-01-31T12:00:00ZZ',
      '2026-1-31',
    ])
      expect(iso(s), s).toBeNull();
  });
});
