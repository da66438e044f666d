import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { runLoad } from '../lib/load/run-load';
import { generateSampleTrail } from '../lib/sample/generate';
import { countedKmsEventIds, readAllRecords } from '../lib/test/fixtures';

/**
 * The load test's short CI variant (`npm run loadtest` is the full one): concurrent
 * clients on the main APIs while new files are ingested. The bar: no errors, and no
 * lost or duplicated events (checked against a plain count of the new files).
 */
test('concurrent API clients while an ingest runs: no errors, no lost or duplicated events', async ({ request, baseURL }) => {
  test.setTimeout(120_000);
  const before = ((await (await request.get('/api/health')).json()) as { events: number }).events;
  // Kept next to the store, not in a temp dir: the raw event is read back from its delivery file,
  // so these files must outlive the test for any later visit to one of their events.
  fs.mkdirSync('e2e/.data', { recursive: true });
  const dir = fs.mkdtempSync(path.join('e2e/.data', 'load-'));
  await generateSampleTrail({ outDir: dir, seed: 7, events: 4000, now: new Date() });
  const fresh = countedKmsEventIds(readAllRecords(dir).map((r) => r.record));

  const ev = ((await (await request.get('/api/events?range=7d&limit=25')).json()) as { events: { eventId: string }[] }).events[0].eventId;
  const key = encodeURIComponent('alias/app-data');
  const paths = [
    '/api/keys?range=7d',
    `/api/keys/${key}/timeline?range=7d`,
    `/api/keys/${key}/principals?range=7d`,
    '/api/events?range=7d&limit=50',
    `/api/events/${ev}`,
  ];

  const ingest = new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/ingest-extra.ts', dir], {
      env: { ...process.env, KEYTRAIL_DB: 'e2e/.data/e2e.duckdb' },
      stdio: 'inherit',
    });
    child.on('exit', resolve);
  });
  const [load, code] = await Promise.all([runLoad({ url: baseURL!, paths, connections: 20, durationSec: 8 }), ingest]);
  fs.mkdirSync('test-results', { recursive: true });
  fs.writeFileSync('test-results/loadtest-ci.json', JSON.stringify(load, null, 2));
  expect(code).toBe(0);
  expect(load.requests).toBeGreaterThan(50);
  expect(load.errors).toBe(0);
  expect(load.non2xx).toBe(0);
  const after = ((await (await request.get('/api/health')).json()) as { events: number }).events;
  expect(after).toBe(before + fresh.size);
});
