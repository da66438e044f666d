import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsRecord, tempDir, writeTrailFile } from '../test/fixtures';

/** New files dropped into KEYTRAIL_LOGS show up without a restart. */
let stop: () => void = () => undefined;
beforeAll(() => {
  process.env.KEYTRAIL_DB = path.join(tempDir(), 'watch.duckdb');
});
afterAll(async () => {
  stop();
  (await (await import('./store')).getStore()).db!.close();
});

async function count(): Promise<number> {
  const { getStore } = await import('./store');
  return (await getStore()).db!.withConnection(async (c) =>
    Number((await c.runAndReadAll('SELECT count(*) FROM kms_events')).getRows()[0][0]),
  );
}

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the KEYTRAIL_LOGS watcher', () => {
  it('ingests the folder at start and picks up files that arrive later', async () => {
    const logs = tempDir();
    writeTrailFile(logs, 'first', [kmsRecord(), kmsRecord()]);
    const { startLogsWatcher } = await import('./logs-watcher');
    const lines: string[] = [];
    stop = startLogsWatcher(logs, 300, (m) => lines.push(m));
    await until(async () => (await count()) === 2);
    writeTrailFile(logs, 'second', [kmsRecord(), kmsRecord(), kmsRecord()]);
    await until(async () => (await count()) === 5);
    expect(lines.some((l) => l.includes('watching'))).toBe(true);
  });
});
