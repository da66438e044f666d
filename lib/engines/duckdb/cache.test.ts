import { afterEach, describe, expect, it, vi } from 'vitest';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../../test/fixtures';
import { ingestPaths } from '../../ingest/ingest';
import { cacheKey } from './cache';
import { createDuckdbEngine } from './engine';

type Store = Awaited<ReturnType<typeof tempStore>>;
let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
  vi.useRealTimers();
});

/** Counts what reaches DuckDB: every execution borrows a pooled connection. */
function counted(s: Store) {
  const spy = vi.spyOn(s.db, 'withConnection');
  return () => spy.mock.calls.length;
}

const COUNT = 'SELECT count(*) AS n FROM kms_events WHERE eventname = ?';

describe('embedded engine: shared executions and cached results', () => {
  it('keys on the value and its type', () => {
    expect(cacheKey(1, 'q', ['1'])).not.toBe(cacheKey(1, 'q', [1]));
    expect(cacheKey(1, 'q', [1])).not.toBe(cacheKey(2, 'q', [1]));
  });

  it('runs identical concurrent queries once, and answers a repeat from the cache', async () => {
    store = await tempStore();
    const e = createDuckdbEngine(store.db, { cacheSeconds: 60 });
    const executions = counted(store);
    const all = await Promise.all(Array.from({ length: 5 }, () => e.run(COUNT, ['Decrypt'])));
    expect(all.map((r) => r.rows)).toEqual(Array(5).fill([{ n: 0 }]));
    await e.run(COUNT, ['Decrypt']);
    expect(executions()).toBe(1);
    await e.run(COUNT, ['Encrypt']);
    expect(executions()).toBe(2);
  });

  it('never answers from before an ingest commit', async () => {
    store = await tempStore();
    const e = createDuckdbEngine(store.db, { cacheSeconds: 60 });
    expect((await e.run(COUNT, ['Decrypt'])).rows).toEqual([{ n: 0 }]);
    await ingestPaths(store.db, [writeTrailFile(tempDir(), 'f', [kmsRecord(), kmsRecord()])]);
    expect((await e.run(COUNT, ['Decrypt'])).rows).toEqual([{ n: 2 }]);
  });

  it('expires results after the TTL, and caches nothing when off', async () => {
    store = await tempStore();
    vi.useFakeTimers({ toFake: ['Date'] });
    const e = createDuckdbEngine(store.db, { cacheSeconds: 10 });
    const executions = counted(store);
    await e.run(COUNT, ['Decrypt']);
    vi.setSystemTime(Date.now() + 11_000);
    await e.run(COUNT, ['Decrypt']);
    expect(executions()).toBe(2);
    const off = createDuckdbEngine(store.db, { cacheSeconds: 0 });
    await off.run(COUNT, ['Decrypt']);
    await off.run(COUNT, ['Decrypt']);
    expect(executions()).toBe(4);
  });

  it('a caller that aborts stops waiting, while the others get the shared result', async () => {
    store = await tempStore();
    const e = createDuckdbEngine(store.db, { cacheSeconds: 60 });
    const ac = new AbortController();
    const slow = 'SELECT count(*) AS n FROM range(30000000) t(i) WHERE i % 7 = ?';
    const mine = e.run(slow, [3], { signal: ac.signal });
    const theirs = e.run(slow, [3]);
    ac.abort();
    await expect(mine).rejects.toMatchObject({ kind: 'cancelled' });
    expect((await theirs).rows[0].n).toBeGreaterThan(0);
  });
});
