import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Row, SqlValue } from '@/lib/engines/types';
import {
  call,
  DEFAULTS,
  expectContract,
  findQuery,
  loadHandlers,
  loadQueryFiles,
  model,
  queryName,
  requests,
  type FuzzRequest,
  type Handler,
  type OracleContext,
  type QueryFile,
  type Sent,
} from '@/lib/test/api-fuzz';
import { readAllRecords, REAL_LOGS, tempDir } from '@/lib/test/fixtures';
import { isProvenanceLine } from '../../lib/export/csv';

/**
 * Every API parameter, fuzzed with hostile values, on the embedded engine
 * (DuckDB) over the public CloudTrail fixture. The answer is a correct result
 * or a 400 with a message, never a 500; every statement the engine receives is
 * one of the catalog's files, unchanged, with exactly the values the request
 * means, position by position (the oracle in lib/test/api-fuzz.ts). The same
 * for Athena: fuzz-athena.test.ts.
 */
const seen: { sql: string; args: readonly SqlValue[]; rows: Row[] | null }[] = [];
let handlers: Map<string, Handler>;
let files: Map<string, QueryFile>;
const ctx: OracleContext = { resolved: new Map(), ...DEFAULTS };

const kms = readAllRecords(REAL_LOGS)
  .map((r) => r.record)
  .filter((r) => r.eventSource === 'kms.amazonaws.com');
const byId = new Map(kms.map((r) => [String(r.eventID), r]));
/** Every string anywhere in the fixture's KMS records: a filter value found in none of them can match no event. */
const strings: string[] = [];
const collect = (v: unknown): void => {
  if (typeof v === 'string') strings.push(v);
  else if (v && typeof v === 'object') Object.values(v).forEach(collect);
};
kms.forEach(collect);
const inFixture = (v: string) => strings.some((s) => s.includes(v));

beforeAll(async () => {
  process.env.KEYTRAIL_DB = path.join(tempDir(), 'fuzz.duckdb');
  // No Chromium: the PDF route answers 503 with its fix instead of printing (tested in e2e).
  process.env.KEYTRAIL_CHROMIUM = path.join(tempDir(), 'no-chromium');
  const { getStore } = await import('@/lib/server/store');
  const { ingestPaths } = await import('@/lib/ingest/ingest');
  const store = await getStore();
  await ingestPaths(store.db!, [REAL_LOGS]);
  // Record every statement the routes send to the engine, and what it answered.
  const inner: Engine['run'] = store.engine.run.bind(store.engine);
  store.engine.run = async (sql, args, opts) => {
    const entry = { sql, args: [...args], rows: null as Row[] | null };
    seen.push(entry);
    const res = await inner(sql, args, opts);
    entry.rows = res.rows;
    return res;
  };
  files = loadQueryFiles();
  handlers = await loadHandlers();
});
afterAll(async () => (await (await import('@/lib/server/store')).getStore()).db!.close());

/** Sends one request; returns what the engine got, after noting the keys it resolved. */
async function send(req: FuzzRequest): Promise<{ res: Response; sent: Sent[] }> {
  seen.length = 0;
  const res = await call(handlers, req);
  // A streamed export runs its later pages while the body is read: read it before looking at what ran.
  const copy = res.clone();
  await copy.arrayBuffer();
  for (const s of seen) {
    const q = findQuery(files, s.sql)?.q;
    const arn = s.rows?.[0]?.keyArn;
    if (q && queryName(q) === 'resolve_key' && typeof s.args[0] === 'string' && typeof arn === 'string') ctx.resolved.set(s.args[0], arn);
  }
  return { res, sent: seen.map((s) => ({ sql: s.sql, values: [...s.args] })) };
}

/**
 * The answer is right, judged from the fixture itself: the raw record is the
 * event exactly as in its file, and a filter on a value no event holds finds
 * nothing (whatever else was asked).
 */
function expectCorrect(req: FuzzRequest, body: string): void {
  const m = model(req);
  const label = `${req.route.name} ${req.url.search.slice(0, 200)}`;
  if (req.route.name === 'event-raw') {
    expect(JSON.parse(body), label).toEqual(byId.get(m.eventId ?? ''));
    return;
  }
  const usesText: (string | null)[] = [m.principal];
  if (req.route.name === 'events' || req.route.name === 'events-export' || req.route.name === 'events-count')
    usesText.push(m.eventName, m.sourceIp, m.errorCode && !/[%_*]/.test(m.errorCode) ? m.errorCode : null);
  if (!usesText.some((v) => v !== null && !inFixture(v))) return;
  const json = () => JSON.parse(body) as Record<string, unknown>;
  const csvRows = () => body.split('\n').filter((l) => l && !isProvenanceLine(l)).length - 1;
  switch (req.route.name) {
    case 'events':
      expect(json().events, label).toEqual([]);
      break;
    case 'events-count':
      expect(json().events, label).toBe(0);
      break;
    case 'events-export':
      if (req.url.searchParams.get('format') === 'json') expect(json().events, label).toEqual([]);
      else expect(csvRows(), label).toBe(0);
      break;
    case 'heatmap':
      expect(json().cells, label).toEqual([]);
      break;
    case 'export': {
      if (!['timeline', 'principal-keys', 'recent-events', 'failures-by-hour'].includes(m.panel ?? '')) break;
      const rows = req.url.searchParams.get('format') === 'json' ? (json().rows as { count?: number }[]) : null;
      if (rows === null) expect(m.panel === 'timeline' || csvRows() === 0, label).toBe(true);
      else if (m.panel === 'timeline')
        expect(
          rows.every((r) => r.count === 0),
          label,
        ).toBe(true);
      else expect(rows, label).toEqual([]);
      break;
    }
  }
}

describe('hostile API parameters (embedded engine)', () => {
  it('get a correct answer or a 400, never a 500, and the engine gets catalog SQL with exactly the values asked for', async () => {
    const ids = [...byId.keys()].slice(0, 3);
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(requests(ids), async (req) => {
        const { res, sent } = await send(req);
        const { body } = await expectContract(req, res, sent, files, ctx);
        if (res.status === 200) {
          answered++;
          expectCorrect(req, body);
        }
      }),
      { numRuns: 1500, seed: 20261128 },
    );
    // Hostile values must also get through validation, or the engine side is never exercised.
    expect(answered).toBeGreaterThan(100);
  }, 120_000);

  it('pass a hostile value to the engine as a parameter, exactly as given', async () => {
    const evil = "x' OR '1'='1";
    const handler = handlers.get('events')!;
    seen.length = 0;
    const res = await handler(
      new NextRequest(`http://localhost/api/events?from=2023-07-10&to=2023-07-11&principal=${encodeURIComponent(evil)}`),
      {
        params: Promise.resolve({}),
      },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { events: unknown[] }).events).toEqual([]);
    const q = seen.find((s) => s.sql.includes('events_page'))!;
    expect(q.args).toContain(evil);
    expect(q.sql).not.toContain(evil);
  });

  it('the oracle reads every catalog file: one described parameter per placeholder', () => {
    const dir = path.resolve(__dirname, '../../queries');
    const count = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.sql')).length;
    expect(files.size).toBe(count);
    const eventsPage = [...files.values()].find((q) => q.file === path.join('events', 'events_page.sql'))!;
    expect(eventsPage.params.slice(0, 8).map((p) => p.name)).toEqual([
      'partition_from',
      'partition_to',
      'from',
      'to',
      'key_arn',
      'key_arn',
      'principal',
      'principal',
    ]);
    expect(eventsPage.params[0].ref).toBe('from');
  });
});
