import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, SqlValue } from '@/lib/engines/types';
import { REAL_LOGS, tempDir } from '@/lib/test/fixtures';

/**
 * Every API parameter, fuzzed with hostile strings. The answer is a correct
 * result or a 400 with a message — never a 500 — and the SQL the engine
 * receives is always one of the catalog's files, unchanged: values only ever
 * travel as bound parameters.
 */
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const seen: { sql: string; args: readonly SqlValue[] }[] = [];
let catalogSql: Set<string>;
const routes: { name: string; handler: Handler; params: Record<string, string>; query: string[] }[] = [];

const hostile = fc.oneof(
  fc.constantFrom(
    "' OR 1=1 --",
    "'; DROP TABLE kms_events; --",
    '"\\\'`',
    '/* comment */',
    '%',
    '_',
    '*',
    '\u0000',
    '\r\n',
    '‮rtl',
    '😀',
    'alias/aws/ssm',
    '2023-07-10',
    '2023-07-10T25:99:00Z',
    '-1',
    '1e309',
    'NaN',
    '9'.repeat(400),
    'x'.repeat(100_000),
  ),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ maxLength: 64 }),
);

beforeAll(async () => {
  process.env.KEYTRAIL_DB = path.join(tempDir(), 'fuzz.duckdb');
  const { getStore } = await import('@/lib/server/store');
  const { ingestPaths } = await import('@/lib/ingest/ingest');
  const store = await getStore();
  await ingestPaths(store.db!, [REAL_LOGS]);
  // Record every statement the routes send to the engine.
  const inner: Engine['run'] = store.engine.run.bind(store.engine);
  store.engine.run = (sql, args, opts) => {
    seen.push({ sql, args });
    return inner(sql, args, opts);
  };
  const dir = path.resolve(__dirname, '../../queries');
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  catalogSql = new Set(walk(dir).filter((f) => f.endsWith('.sql')).map((f) => fs.readFileSync(f, 'utf8')));
  const range = ['from', 'to', 'range', 'bucket'];
  const add = async (name: string, mod: Promise<{ GET: unknown }>, params: Record<string, string>, query: string[]) =>
    routes.push({ name, handler: (await mod).GET as Handler, params, query });
  await add('keys', import('./keys/route'), {}, range);
  await add('timeline', import('./keys/[key]/timeline/route'), { key: 'alias%2Faws%2Fssm' }, range);
  await add('principals', import('./keys/[key]/principals/route'), { key: 'alias%2Faws%2Fssm' }, [...range, 'limit']);
  await add('events', import('./events/route'), {}, [...range, 'key', 'principal', 'eventName', 'errorCode', 'sourceIp', 'account', 'region', 'errorClass', 'weekday', 'hour', 'limit', 'cursor']);
  await add('heatmap', import('./failures/heatmap/route'), {}, [...range, 'key', 'principal']);
  await add('findings', import('./findings/route'), {}, [...range, 'key', 'severity', 'rule']);
  await add('rotation', import('./rotation/route'), {}, range);
  await add('export', import('./export/[panel]/route'), { panel: 'keys' }, [...range, 'key', 'principal', 'format']);
});
afterAll(async () => (await (await import('@/lib/server/store')).getStore()).db!.close());

describe('hostile API parameters', () => {
  it('get a correct answer or a 400, never a 500, and never change the SQL', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 7 }),
        fc.array(fc.tuple(fc.nat(), hostile), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (r, pairs, repeat) => {
          const route = routes[r];
          const u = new URL('http://localhost/api/x?from=2023-07-10&to=2023-07-11');
          for (const [i, v] of pairs) {
            const name = route.query[i % route.query.length];
            if (repeat) u.searchParams.append(name, v);
            else u.searchParams.set(name, v);
          }
          seen.length = 0;
          const res = await route.handler(new NextRequest(u), { params: Promise.resolve(route.params) });
          expect([200, 400], `${route.name} ${u.search.slice(0, 200)}`).toContain(res.status);
          if (res.status === 400) expect(((await res.json()) as { error: string }).error.length).toBeGreaterThan(5);
          else await res.arrayBuffer();
          for (const q of seen) expect(catalogSql.has(q.sql), `${route.name} sent SQL that is not a catalog file`).toBe(true);
        },
      ),
      { numRuns: 150, seed: 20261128 },
    );
  }, 120_000);

  it('pass a hostile value to the engine as a parameter, exactly as given', async () => {
    const evil = "x' OR '1'='1";
    seen.length = 0;
    const handler = routes.find((x) => x.name === 'events')!.handler;
    const res = await handler(new NextRequest(`http://localhost/api/events?from=2023-07-10&to=2023-07-11&principal=${encodeURIComponent(evil)}`), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { events: unknown[] }).events).toEqual([]);
    const q = seen.find((s) => s.sql.includes('events_page'))!;
    expect(q.args).toContain(evil);
    expect(q.sql).not.toContain(evil);
  });
});
