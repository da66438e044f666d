import { describe, expect, it } from 'vitest';
import { EventsSearch, filterPrefix, MAX_FILTER_TEXT } from './api-schemas';

describe('filterPrefix', () => {
  it('keeps a value the filters take whole, and cuts a longer one to what they take', () => {
    expect(filterPrefix('aws-cli/2.15.0')).toBe('aws-cli/2.15.0');
    const long = 'A'.repeat(100_000);
    expect(filterPrefix(long)).toBe('A'.repeat(MAX_FILTER_TEXT));
    // What the link carries passes the schema the events page parses it with.
    const parsed = EventsSearch.parse({ from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z', userAgent: filterPrefix(long) });
    expect(parsed.userAgent).toHaveLength(MAX_FILTER_TEXT);
  });

  it('never ends in half a surrogate pair, which a URL cannot encode', () => {
    const v = 'a'.repeat(MAX_FILTER_TEXT - 1) + '😀' + 'b';
    const p = filterPrefix(v);
    expect(p).toBe('a'.repeat(MAX_FILTER_TEXT - 1));
    expect(() => encodeURIComponent(p)).not.toThrow();
  });
});

describe('the events Region filter', () => {
  const region = (r: string) => EventsSearch.safeParse({ region: r });
  it("takes every partition's Regions", () => {
    for (const r of ['us-east-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-northwest-1', 'eusc-de-east-1', 'il-central-1', 'mx-central-1'])
      expect(region(r).success, r).toBe(true);
  });
  it('refuses what is not a Region', () => {
    for (const r of ['us-east', 'US-EAST-1', 'us_east_1', 'x-east-1', 'useast1', 'us-east-1 ', "us-east-1' OR 1=1"])
      expect(region(r).success, r).toBe(false);
  });
});

describe('the events error-code filter', () => {
  const code = (v: string) => EventsSearch.safeParse({ errorCode: v });
  it('takes a code, * and a pattern with a wildcard or two', () => {
    for (const v of ['AccessDeniedException', '*', 'AccessDenied%', '%Invalid%', 'KMS_Invalid%']) expect(code(v).success, v).toBe(true);
  });
  it('refuses a pattern of many wildcards, which costs the engine seconds per failed call, and an overlong one', () => {
    expect(code('%_'.repeat(20) + '%x').success).toBe(false);
    expect(code('%a%b%').success).toBe(false);
    expect(code('A'.repeat(129)).success).toBe(false);
  });
});
