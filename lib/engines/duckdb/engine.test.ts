import { afterEach, describe, expect, it } from 'vitest';
import { tempStore } from '../../test/fixtures';
import { EngineError } from '../types';

type Store = Awaited<ReturnType<typeof tempStore>>;
let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

describe('embedded engine: run', () => {
  it('binds values natively: a value that looks like SQL is only a value', async () => {
    store = await tempStore();
    const r = await store.engine.run('SELECT ? AS v, count(*) AS n FROM kms_events WHERE eventname = ?', ["x' OR 1=1 --", "' OR 1=1 --"]);
    expect(r.rows).toEqual([{ v: "x' OR 1=1 --", n: 0 }]);
    expect(r.stats.engine).toBe('duckdb');
  });

  it('returns plain cells: numbers for BIGINT, ISO-8601 text for timestamps, null for NULL', async () => {
    store = await tempStore();
    const r = await store.engine.run("SELECT 2::BIGINT AS b, TIMESTAMPTZ '2026-11-20 09:15:00+00' AS t, NULL AS z", []);
    expect(r.rows).toEqual([{ b: 2, t: '2026-11-20T09:15:00.000Z', z: null }]);
  });

  it('reports a query DuckDB cannot bind as internal (the SQL is KeyTrail’s), with its full message kept for the log', async () => {
    store = await tempStore();
    const e = await store.engine.run('SELECT no_such_column FROM kms_events', []).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect(e).toMatchObject({ kind: 'internal', message: expect.stringMatching(/^Binder Error/) });
    expect((e as EngineError).detail?.reason).toContain('no_such_column');
  });

  it('a caller that has gone away gets "cancelled", not an error of the query', async () => {
    store = await tempStore();
    const gone = AbortSignal.abort();
    await expect(store.engine.run('SELECT 1', [], { signal: gone })).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
