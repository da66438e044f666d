import path from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryResultsOutput,
  type StartQueryExecutionInput,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { toAthenaLiteral } from '@/lib/engines/athena/literal';
import type { SqlValue } from '@/lib/engines/types';
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
import { tempDir } from '@/lib/test/fixtures';
import { isProvenanceLine } from '../../lib/export/csv';

/**
 * Every API parameter, fuzzed through the same route handlers with
 * KEYTRAIL_ENGINE=athena: the process's engine is the real Athena engine
 * (lib/server/store.ts chooses it), on an AthenaClient whose calls are mocked.
 * For every StartQueryExecution: QueryString is a catalog file, unchanged by
 * the input, and ExecutionParameters are exactly toAthenaLiteral of the values
 * the request means (the oracle in lib/test/api-fuzz.ts), or the answer is a
 * 400 and that statement never started. The embedded engine: fuzz.test.ts.
 */
const athena = mockClient(AthenaClient);
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555';
const ENV = {
  KEYTRAIL_ENGINE: 'athena',
  ATHENA_DATABASE: 'trail',
  ATHENA_WORKGROUP: 'primary',
  // Every request reaches Athena: no result cache in the engine.
  ATHENA_CACHE_SECONDS: '0',
  AWS_REGION: 'eu-west-1',
  KEYTRAIL_CHROMIUM: path.join(tempDir(), 'no-chromium'),
};

let handlers: Map<string, Handler>;
let files: Map<string, QueryFile>;
const ctx: OracleContext = { resolved: new Map(), ...DEFAULTS };
const started = new Map<string, StartQueryExecutionInput>();

/**
 * Athena's answers: every key reference resolves to KEY_ARN (so the key's
 * queries run with it), and every other query finds nothing. A correct answer
 * is then an empty one (expectEmpty).
 */
function results(id: string): GetQueryResultsOutput {
  const q = findQuery(files, started.get(id)?.QueryString ?? '')?.q;
  if (q && queryName(q) === 'resolve_key')
    return {
      ResultSet: {
        ResultSetMetadata: {
          ColumnInfo: [
            { Name: 'keyarn', Type: 'varchar' },
            { Name: 'lastseen', Type: 'timestamp' },
          ],
        },
        Rows: [
          { Data: [{ VarCharValue: 'keyarn' }, { VarCharValue: 'lastseen' }] },
          { Data: [{ VarCharValue: KEY_ARN }, { VarCharValue: '2023-07-10 12:00:00.000' }] },
        ],
      },
    };
  return { ResultSet: { ResultSetMetadata: { ColumnInfo: [] }, Rows: [] } };
}

beforeAll(async () => {
  Object.assign(process.env, ENV);
  files = loadQueryFiles();
  athena.on(StartQueryExecutionCommand).callsFake((input: StartQueryExecutionInput) => {
    const id = `q-${started.size + 1}`;
    started.set(id, input);
    return { QueryExecutionId: id };
  });
  athena.on(GetQueryExecutionCommand).callsFake(({ QueryExecutionId }: { QueryExecutionId: string }) => ({
    QueryExecution: { QueryExecutionId, Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 0 } },
  }));
  athena.on(GetQueryResultsCommand).callsFake(({ QueryExecutionId }: { QueryExecutionId: string }) => results(QueryExecutionId));
  athena.on(StopQueryExecutionCommand).resolves({});
  handlers = await loadHandlers();
  const { getStore } = await import('@/lib/server/store');
  expect((await getStore()).engine.dialect).toBe('athena');
});

/** Athena's literal text back to the value it carries; only the forms toAthenaLiteral writes are accepted. */
function fromLiteral(lit: string): SqlValue {
  if (lit === 'NULL') return null;
  if (lit === 'true' || lit === 'false') return lit === 'true';
  if (/^-?\d+$/.test(lit)) return Number(lit);
  const dbl = /^DOUBLE '(.+)'$/.exec(lit);
  if (dbl) return Number(dbl[1]);
  const str = /^'((?:[^']|'')*)'$/s.exec(lit);
  if (str) return str[1].replace(/''/g, "'");
  throw new Error(`not a literal toAthenaLiteral writes: ${lit.slice(0, 80)}`);
}

const refusedByAthena = (v: SqlValue) => {
  try {
    toAthenaLiteral(v);
    return false;
  } catch {
    return true;
  }
};

/** Sends one request; returns the statements Athena was asked to start, as the oracle reads them. */
async function send(req: FuzzRequest): Promise<{ res: Response; sent: Sent[] }> {
  athena.resetHistory();
  const res = await call(handlers, req);
  await res.clone().arrayBuffer(); // a streamed export starts its later pages while its body is read
  const sent = athena.commandCalls(StartQueryExecutionCommand).map((c) => {
    const input = c.args[0].input;
    // Nothing but the values may vary with the request: the context is the deployment's.
    expect(input.QueryExecutionContext).toEqual({ Catalog: 'AwsDataCatalog', Database: 'trail' });
    expect(input.WorkGroup).toBe('primary');
    const literals = input.ExecutionParameters ?? [];
    const values = literals.map(fromLiteral);
    // Exactly the literal toAthenaLiteral writes for that value: quoting cannot be bypassed or doubled.
    expect(values.map((v) => toAthenaLiteral(v))).toEqual(literals);
    return { sql: input.QueryString ?? '', values };
  });
  for (const s of sent) {
    const q = findQuery(files, s.sql)?.q;
    if (q && queryName(q) === 'resolve_key' && typeof s.values[0] === 'string') ctx.resolved.set(s.values[0], KEY_ARN);
  }
  return { res, sent };
}

/** With Athena finding nothing, each route's correct answer is an empty one. */
function expectEmpty(req: FuzzRequest, body: string): void {
  const label = `${req.route.name} ${req.url.search.slice(0, 200)}`;
  const json = () => JSON.parse(body) as Record<string, unknown>;
  const format = req.url.searchParams.get('format') ?? 'csv';
  switch (req.route.name) {
    case 'keys':
      return void expect(json().keys, label).toEqual([]);
    case 'timeline': {
      const b = json() as { keyArn: string; points: { count: number; errors: number }[] };
      expect(b.keyArn, label).toBe(KEY_ARN);
      return void expect(b.points.length > 0 && b.points.every((p) => p.count === 0 && p.errors === 0), label).toBe(true);
    }
    case 'principals':
      return void expect(json().principals, label).toEqual([]);
    case 'contexts':
      return void expect(json().contexts, label).toEqual([]);
    case 'events':
      return void expect([json().events, json().nextCursor], label).toEqual([[], null]);
    case 'heatmap':
      return void expect(json().cells, label).toEqual([]);
    case 'findings':
      return void expect(json().findings, label).toEqual([]);
    case 'rotation':
      return void expect(json().keys, label).toEqual([]);
    case 'events-count':
      return void expect(json().events, label).toBe(0);
    case 'events-export':
      if (format === 'json') return void expect(json().events, label).toEqual([]);
      return void expect(
        body.split('\n').filter((l) => l && !isProvenanceLine(l)),
        label,
      ).toHaveLength(1);
    case 'export': {
      if (format !== 'json') return;
      const rows = json().rows as Record<string, unknown>[];
      if (req.pathValue === 'kpis')
        return void expect(
          rows.map((r) => r.period),
          label,
        ).toEqual(['current', 'previous']);
      if (req.pathValue === 'timeline')
        return void expect(
          rows.every((r) => r.count === 0),
          label,
        ).toBe(true);
      return void expect(rows, label).toEqual([]);
    }
  }
}

describe('hostile API parameters (Athena)', () => {
  it('get a correct answer or a 400; Athena gets catalog SQL and exactly toAthenaLiteral of the values asked for', async () => {
    let answered = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(requests(['ea7f6a1e-0000-4000-8000-000000000001']), async (req) => {
        const { res, sent } = await send(req);
        const { body } = await expectContract(req, res, sent, files, ctx);
        if (res.status === 200) {
          answered++;
          expectEmpty(req, body);
        }
        // A value Athena cannot take (a control character, over 1,024 characters as a literal) is a 400
        // that names the problem, and it is one the request really carried.
        if (res.status === 400 && /query parameter/i.test(body)) {
          refused++;
          const m = model(req);
          const carried = [
            ...[m.keyRef, m.principal, m.principalContains, m.accessKeyId, m.context, m.userAgent],
            ...[m.eventName, m.errorCode, m.sourceIp, m.eventId, m.cursor?.id ?? null],
          ];
          expect(
            carried.some((v) => v !== null && refusedByAthena(v)),
            `${req.route.name} ${req.url.search.slice(0, 200)}: ${body}`,
          ).toBe(true);
        }
      }),
      { numRuns: 1500, seed: 20261128 },
    );
    expect(answered).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(5);
  }, 120_000);

  it('a hostile value travels only as a quoted literal, quotes doubled', async () => {
    const evil = "x' OR '1'='1";
    const { res, sent } = await send({
      route: { name: 'events', load: async () => ({ GET: null }), query: [] },
      url: new URL(`http://localhost/api/events?from=2023-07-10&to=2023-07-11&principal=${encodeURIComponent(evil)}`),
      pathValue: null,
    });
    expect(res.status).toBe(200);
    const page = athena.commandCalls(StartQueryExecutionCommand).find((c) => c.args[0].input.QueryString?.includes('events_page'))!.args[0]
      .input;
    expect(page.ExecutionParameters?.slice(6, 8)).toEqual(["'x'' OR ''1''=''1'", "'x'' OR ''1''=''1'"]);
    expect(page.QueryString).not.toContain(evil);
    expect(sent).toHaveLength(1);
  });
});
