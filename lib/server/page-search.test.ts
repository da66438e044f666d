import { describe, expect, it } from 'vitest';
import { EventRawSearch, EventsSearch, KeysSearch } from '../api-schemas';
import { pageSearch, urlSearch } from './page-search';

// A fixed "now" on a minute boundary: the default range is the 7 days that end then.
const NOW = new Date('2026-03-10T12:00:00.000Z');
const DEFAULT_RANGE = { from: new Date('2026-03-03T12:00:00.000Z'), to: NOW, preset: '7d' };

describe('pageSearch', () => {
  it('a bad parameter still gets the default range, so the page keeps its header and range picker', () => {
    const ps = pageSearch(KeysSearch, { bucket: 'weekly', range: '30d' }, NOW);
    expect(ps.ok).toBe(false);
    expect(ps.range).toMatchObject(DEFAULT_RANGE);
    // The range itself was fine: the stand-in is not marked as replacing it.
    expect(ps.range.notApplied).toBeUndefined();
    if (!ps.ok) {
      expect(ps.params).toEqual(['bucket']);
      expect(ps.message).toContain('"bucket"');
    }
  });

  it('names every bad parameter, on the events list too', () => {
    const ps = pageSearch(EventsSearch, { from: 'garbage', errorClass: 'nope' }, NOW);
    expect(ps.ok).toBe(false);
    if (!ps.ok) expect(ps.params.sort()).toEqual(['errorClass', 'from']);
    expect(ps.range).toMatchObject({ ...DEFAULT_RANGE, preset: null, notApplied: { from: 'garbage', to: null } });
  });

  it('a range that is wrong as a whole blames what makes it, and falls back to the default', () => {
    const ps = pageSearch(KeysSearch, { from: '2026-01-02', to: '2026-01-01' }, NOW);
    expect(ps.ok).toBe(false);
    if (!ps.ok) expect(ps.params).toEqual(['range', 'from', 'to']);
    // A stand-in, said to be one: no preset highlighted, the link's dates in the boxes to correct.
    expect(ps.range).toMatchObject({ ...DEFAULT_RANGE, preset: null, notApplied: { from: '2026-01-02', to: '2026-01-01' } });
  });

  it('a good URL gets its own range', () => {
    const ps = pageSearch(KeysSearch, { range: '24h' }, NOW);
    expect(ps.ok).toBe(true);
    expect(ps.range).toMatchObject({ from: new Date('2026-03-09T12:00:00.000Z'), to: NOW, preset: '24h' });
  });
});

describe('urlSearch', () => {
  it('parses a page without a range (an event) the same way', () => {
    expect(urlSearch(EventRawSearch, { t: 'yesterday' })).toMatchObject({ ok: false, params: ['t'] });
    expect(urlSearch(EventRawSearch, {})).toMatchObject({ ok: true });
  });
});
