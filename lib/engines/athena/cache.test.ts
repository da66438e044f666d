import { describe, expect, it } from 'vitest';
import type { RunResult } from '../types';
import { cacheKey, createResultCache } from './cache';

const result = (n: number): RunResult => ({ rows: [{ n }], stats: { engine: 'athena', elapsedMs: 1 } });

describe('createResultCache', () => {
  it('returns a result until its TTL has passed', () => {
    let t = 0;
    const c = createResultCache(60, () => t);
    c.set('a', result(1));
    t = 59_999;
    expect(c.get('a')).toEqual(result(1));
    t = 60_000;
    expect(c.get('a')).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('keeps nothing with a TTL of 0', () => {
    const c = createResultCache(0, () => 0);
    c.set('a', result(1));
    expect(c.get('a')).toBeUndefined();
  });

  it('drops expired entries and then the oldest past the bound', () => {
    let t = 0;
    const c = createResultCache(10, () => t, 2);
    c.set('old', result(0));
    t = 10_000;
    c.set('a', result(1));
    expect(c.size).toBe(1);
    c.set('b', result(2));
    c.set('a', result(3)); // refreshed: now the newest
    c.set('c', result(4));
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toEqual(result(3));
    expect(c.get('c')).toEqual(result(4));
  });
});

describe('cacheKey', () => {
  const s = { ATHENA_CATALOG: 'AwsDataCatalog', ATHENA_DATABASE: 'trail', ATHENA_WORKGROUP: 'primary' };
  it('differs by sql, params, database and workgroup', () => {
    const k = cacheKey(s, 'SELECT ?', ["'1'"]);
    expect(cacheKey(s, 'SELECT ?', ["'1'"])).toBe(k);
    expect(cacheKey(s, 'SELECT ? ', ["'1'"])).not.toBe(k);
    expect(cacheKey(s, 'SELECT ?', ['1'])).not.toBe(k);
    expect(cacheKey({ ...s, ATHENA_DATABASE: 'other' }, 'SELECT ?', ["'1'"])).not.toBe(k);
    expect(cacheKey({ ...s, ATHENA_WORKGROUP: 'other' }, 'SELECT ?', ["'1'"])).not.toBe(k);
    expect(cacheKey({ ...s, ATHENA_OUTPUT_LOCATION: 's3://x/' }, 'SELECT ?', ["'1'"])).not.toBe(k);
  });

  it('cannot be confused by separators inside values', () => {
    expect(cacheKey(s, 'a","b', [])).not.toBe(cacheKey(s, 'a', ['b']));
  });
});
