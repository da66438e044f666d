import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllRecords, REAL_LOGS, tempDir } from '../test/fixtures';
import { findRunningServer, readServerInfo, removeServerInfo, writeServerInfo } from './delegate';

/**
 * While the dashboard holds the database, `npm run ingest` hands its files to
 * it. Here this process plays the dashboard: it owns the store and serves the
 * real ingest route; the CLI runner must find it and delegate, not hit the lock.
 */
let server: http.Server;
let dbPath: string;

beforeAll(async () => {
  dbPath = path.join(tempDir(), 'dash.duckdb');
  process.env.KEYTRAIL_DB = dbPath;
  const { POST } = await import('../../app/api/admin/ingest/route');
  const { serverToken } = await import('../server/server-token');
  const { getStore } = await import('../server/store');
  await getStore();
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const out = await POST(
      new NextRequest(new URL(req.url ?? '/', 'http://127.0.0.1'), {
        method: 'POST',
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      }),
    );
    res.writeHead(out.status, Object.fromEntries(out.headers));
    res.end(Buffer.from(await out.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  writeServerInfo(dbPath, { pid: process.pid, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: serverToken() });
});

afterAll(async () => {
  removeServerInfo(dbPath);
  server.close();
  (await (await import('../server/store')).getStore()).db!.close();
});

describe('ingest while the dashboard runs', () => {
  it('hands the files to the dashboard and reports its summary', async () => {
    expect(findRunningServer(dbPath)?.pid).toBe(process.pid);
    const { runIngestCli } = await import('./cli-runner');
    const summary = await runIngestCli([REAL_LOGS], { quiet: true });
    const expected = new Set(
      readAllRecords(REAL_LOGS)
        .filter((r) => r.record.eventSource === 'kms.amazonaws.com')
        .map((r) => r.record.eventID),
    );
    expect(summary.eventsAdded).toBe(expected.size);
    expect(summary.errors).toEqual([]);
  });

  it('takes as many files as a shell glob gives (1,001 and more), as an ingest without the dashboard does', async () => {
    const files = readAllRecords(REAL_LOGS).map((r) => r.file);
    const many = Array.from({ length: 1001 }, (_, i) => files[i % files.length]);
    const { runIngestCli } = await import('./cli-runner');
    const summary = await runIngestCli(many, { quiet: true });
    expect(summary.errors).toEqual([]);
    // Read before, by the test above: nothing new, nothing refused.
    expect(summary.eventsAdded).toBe(0);
  });

  it('says what is wrong with a body it refuses', async () => {
    const info = readServerInfo(dbPath)!;
    const res = await fetch(`${info.url}/api/admin/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${info.token}` },
      body: JSON.stringify({ paths: [] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^Body must be \{"paths": \[\.\.\.\]\}: paths /);
  });

  it('refuses a caller without the token', async () => {
    const info = readServerInfo(dbPath)!;
    const res = await fetch(`${info.url}/api/admin/ingest`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong' },
      body: '{"paths":["/"]}',
    });
    expect(res.status).toBe(401);
  });

  it('ignores a stale server file whose process is gone', () => {
    const other = path.join(tempDir(), 'x.duckdb');
    writeServerInfo(other, { pid: 2 ** 22 + 12345, url: 'http://127.0.0.1:1', token: 'x'.repeat(40) });
    expect(findRunningServer(other)).toBeNull();
  });
});
