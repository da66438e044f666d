import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test/fixtures';

/**
 * After DuckDB invalidates the open database (a fatal write error such as a full
 * disk), the dashboard must not fail every request until restarted: the next
 * request opens the file again.
 */
beforeAll(() => {
  process.env.KEYTRAIL_DB = path.join(tempDir(), 'store.duckdb');
});
afterAll(async () => (await (await import('./store')).getStore()).db?.close());

describe('the store after a fatal error', () => {
  it('keeps the store for ordinary failures, and reopens it after a fatal one', async () => {
    const { getStore } = await import('./store');
    const first = await getStore();
    expect(first.db!.noteFailure(new Error('Binder Error: column "x" not found'))).toBe(false);
    expect(await getStore()).toBe(first);

    expect(first.db!.noteFailure(new Error('FATAL Error: Failed: database has been invalidated because of a previous fatal error.'))).toBe(
      true,
    );
    await new Promise((r) => setImmediate(r));
    const second = await getStore();
    expect(second).not.toBe(first);
    const res = await second.engine.run('SELECT count(*) AS n FROM kms_events', []);
    expect(res.rows).toEqual([{ n: 0 }]);
    // The old handle is closed, not leaked.
    await expect(first.engine.run('SELECT 1', [])).rejects.toThrow(/closed/);
  });
});
