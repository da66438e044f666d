import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { silentDays } = await import('./data-health');

const range = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

describe('silentDays', () => {
  it('lists the whole days in range with no event', () => {
    const r = range('2026-12-01T00:00:00Z', '2026-12-04T00:00:00Z');
    expect(silentDays(r, [{ day: '2026-12-02T00:00:00.000Z', count: 4 }])).toEqual(['2026-12-01', '2026-12-03']);
  });

  it('leaves out a day the range cuts: its events before the cut are not counted', () => {
    // Last 7 days at 18:50: the first day from 18:50, the last until 18:50.
    const r = range('2026-11-30T18:50:00Z', '2026-12-07T18:50:00Z');
    const daily = ['2026-12-01', '2026-12-02', '2026-12-04', '2026-12-05', '2026-12-06'].map((d) => ({
      day: `${d}T00:00:00.000Z`,
      count: 1,
    }));
    expect(silentDays(r, daily)).toEqual(['2026-12-03']);
  });

  it('a day with a zero count is silent; an empty range has no whole day', () => {
    const r = range('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z');
    expect(silentDays(r, [{ day: '2026-12-01T00:00:00.000Z', count: 0 }])).toEqual(['2026-12-01']);
    expect(silentDays(range('2026-12-01T03:00:00Z', '2026-12-01T09:00:00Z'), [])).toEqual([]);
  });
});
