import { describe, expect, it } from 'vitest';
import { periodsWithData } from '@/lib/periods-with-data';

const DAY = 86_400_000;
const iso = (p?: { from: Date; to: Date }) => p && [p.from.toISOString(), p.to.toISOString()];

describe('periodsWithData', () => {
  it('offers only the latest period when every event fits in one range', () => {
    const p = periodsWithData('2025-02-10T08:00:30.000Z', '2025-02-15T14:52:52.000Z', 7 * DAY);
    // Starts at the first event's minute, ends a minute past the last event.
    expect(iso(p.latest)).toEqual(['2025-02-10T08:00:00.000Z', '2025-02-15T14:53:52.000Z']);
    expect(p.earliest).toBeUndefined();
    expect(p.all).toBeUndefined();
  });

  it('offers the earliest period and all of it when the events span more than the range', () => {
    const p = periodsWithData('2024-07-10T11:57:49.000Z', '2025-02-15T14:52:52.000Z', 7 * DAY);
    expect(iso(p.latest)).toEqual(['2025-02-08T14:53:52.000Z', '2025-02-15T14:53:52.000Z']);
    expect(iso(p.earliest)).toEqual(['2024-07-10T11:57:00.000Z', '2024-07-17T11:57:00.000Z']);
    expect(iso(p.all)).toEqual(['2024-07-10T11:57:00.000Z', '2025-02-15T14:53:52.000Z']);
  });

  it('leaves out "all of it" when the events span more than the longest range a page takes (400 days)', () => {
    // The two public trails in the fixtures: July 2023 and February 2025.
    const p = periodsWithData('2023-07-10T11:57:49.000Z', '2025-02-15T14:52:52.000Z', 30 * DAY);
    expect(iso(p.earliest)).toEqual(['2023-07-10T11:57:00.000Z', '2023-08-09T11:57:00.000Z']);
    expect(p.all).toBeUndefined();
  });
});
