import { describe, expect, it } from 'vitest';
import { EventsSearch } from './api-schemas';
import {
  BadRequestError,
  fromUrlSearchParams,
  goodRangeParams,
  parseSearch,
  RangeSearch,
  resolveRange,
  shownRangeQuery,
  spanOf,
  toUrlSearchParams,
} from './search-params';
import { bucketStarts, partitionWindow } from './time';

const now = new Date('2026-11-28T17:53:20Z');

describe('URL state', () => {
  it('defaults to the last 7 days, ending at the next minute, in daily buckets', () => {
    const r = resolveRange(parseSearch(RangeSearch, {}), now);
    expect(r.to.toISOString()).toBe('2026-11-28T17:54:00.000Z');
    expect(r.from.toISOString()).toBe('2026-11-21T17:54:00.000Z');
    expect(r.bucket).toBe('day');
    expect(r.preset).toBe('7d');
  });

  it('uses hourly buckets for short ranges and honours an override', () => {
    expect(resolveRange(parseSearch(RangeSearch, { range: '24h' }), now).bucket).toBe('hour');
    expect(resolveRange(parseSearch(RangeSearch, { range: '30d', bucket: 'hour' }), now).bucket).toBe('hour');
  });

  it('reads dates as UTC', () => {
    const r = resolveRange(parseSearch(RangeSearch, { from: '2026-01-01', to: '2026-01-02T12:00' }), now);
    expect(r.from.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-01-02T12:00:00.000Z');
  });

  it.each([
    [{ from: 'yesterday' }, /"from".*ISO-8601/],
    [{ bucket: 'week' }, /"bucket"/],
    [{ range: '1y' }, /"range"/],
    [{ from: ['2026-01-01', '2026-01-02'] }, /given once/],
  ])('rejects %j with a message naming the parameter', (raw, msg) => {
    expect(() => parseSearch(RangeSearch, raw)).toThrow(BadRequestError);
    expect(() => parseSearch(RangeSearch, raw)).toThrow(msg);
  });

  it('rejects from after to, and ranges over 400 days', () => {
    expect(() => resolveRange(parseSearch(RangeSearch, { from: '2026-01-02', to: '2026-01-01' }), now)).toThrow(/before/);
    expect(() => resolveRange(parseSearch(RangeSearch, { from: '2020-01-01', to: '2026-01-01' }), now)).toThrow(/400 days/);
  });

  it('accepts only the closed set of page sizes', () => {
    expect(parseSearch(EventsSearch, { limit: '100' }).limit).toBe(100);
    expect(() => parseSearch(EventsSearch, { limit: '1000000' })).toThrow(/limit/);
    expect(() => parseSearch(EventsSearch, { account: "1' OR 1=1" })).toThrow(/account/);
  });

  it('refuses any parameter given twice, even one named like an object internal (__proto__)', () => {
    for (const name of ['from', '__proto__', 'constructor']) {
      const raw = fromUrlSearchParams(new URLSearchParams(`${name}=a&${name}=b`));
      expect(Object.getPrototypeOf(raw)).toBe(Object.prototype);
      expect(() => parseSearch(RangeSearch, raw)).toThrow(new BadRequestError(`Parameter "${name}" must be given once.`, [name]));
    }
    // Once, an unknown name is ignored.
    expect(parseSearch(RangeSearch, fromUrlSearchParams(new URLSearchParams('__proto__=x&range=24h'))).range).toBe('24h');
  });

  it('turns a page’s search params back into a query string: single values kept, repeated ones left out', () => {
    const raw = fromUrlSearchParams(new URLSearchParams('range=30d&key=alias%2Fa&x=1&x=2'));
    expect(toUrlSearchParams(raw).toString()).toBe('range=30d&key=alias%2Fa');
  });
});

describe('time buckets', () => {
  it('zero-fills every bucket of the range', () => {
    const b = bucketStarts(Date.parse('2026-01-01T10:30:00Z'), Date.parse('2026-01-01T13:00:00Z'), 'hour');
    expect(b.map((t) => new Date(t).toISOString().slice(11, 13))).toEqual(['10', '11', '12']);
  });

  it('pads the partition window one day each side for late delivery', () => {
    expect(partitionWindow(Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-01-31T00:00:00Z'))).toEqual(['2025/12/31', '2026/02/01']);
  });
});

describe('a bad parameter', () => {
  it('is named in plain words, and listed so a page can drop just it', () => {
    let err: unknown;
    try {
      parseSearch(RangeSearch, { bucket: 'week', from: '2026-01-01' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).message).toBe('Parameter "bucket" must be one of auto, hour, day');
    expect((err as BadRequestError).params).toEqual(['bucket']);
  });
});

describe('the range a link carries to another page', () => {
  it('keeps the range parameters that parse, as written, and leaves bad ones and page filters behind', () => {
    const sp = new URLSearchParams('range=30d&bucket=weekly&from=garbage&to=2026-01-31&principal=x&errorClass=nope');
    expect(goodRangeParams(sp).toString()).toBe('range=30d&to=2026-01-31');
    expect(goodRangeParams(new URLSearchParams('bucket=hour')).toString()).toBe('bucket=hour');
  });

  it("a panel's links carry the instants it was computed for: a preset, resolved again later, would be another window", () => {
    const s = parseSearch(RangeSearch, { range: '7d', bucket: 'hour' });
    const shown = resolveRange(s, now);
    const q = shownRangeQuery(s, shown);
    // 17:53:20 rounds up to 17:54; seven days before it.
    expect(Object.fromEntries(q)).toEqual({ from: '2026-11-21T17:54:00.000Z', to: '2026-11-28T17:54:00.000Z', bucket: 'hour' });
    // Opened two minutes later, the link is the same window; the preset would not be.
    const later = new Date(now.getTime() + 120_000);
    expect(resolveRange(parseSearch(RangeSearch, Object.fromEntries(q)), later)).toMatchObject({ from: shown.from, to: shown.to });
    expect(resolveRange(s, later).to).not.toEqual(shown.to);
    // An automatic bucket stays automatic.
    expect(shownRangeQuery(parseSearch(RangeSearch, { range: '7d' }), shown).has('bucket')).toBe(false);
  });
});

describe('spanOf', () => {
  it('covers the days from the first event to the last, cut to the longest range a page takes', () => {
    expect(spanOf('2026-11-06T10:00:00Z', '2026-12-05T23:00:00Z')).toEqual({
      from: '2026-11-06T00:00:00.000Z',
      to: '2026-12-06T00:00:00.000Z',
    });
    // Three years of grants: the latest 400 days.
    expect(spanOf('2023-01-01T00:00:00Z', '2026-01-01T12:00:00Z')).toEqual({
      from: new Date(Date.parse('2026-01-02T00:00:00Z') - 400 * 86_400_000).toISOString(),
      to: '2026-01-02T00:00:00.000Z',
    });
  });
});
