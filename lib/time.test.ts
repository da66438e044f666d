import { describe, expect, it } from 'vitest';
import { normaliseIso } from './time';

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
