import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryResultsOutput,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../types';
import type { AthenaSettings } from './database';
import { createAthenaEngine } from './engine';

/** The whole Athena protocol, against a mocked client (aws-sdk-client-mock). */
const athena = mockClient(AthenaClient);
const settings: AthenaSettings = {
  ATHENA_DATABASE: 'trail',
  ATHENA_TABLE: 'cloudtrail_logs',
  ATHENA_WORKGROUP: 'primary',
  ATHENA_OUTPUT_LOCATION: 's3://results/keytrail/',
  ATHENA_CATALOG: 'AwsDataCatalog',
  ATHENA_RESULT_REUSE_MINUTES: 60,
  ATHENA_MAX_CONCURRENT: 4,
  ATHENA_CACHE_SECONDS: 60,
  KEYTRAIL_QUERY_TIMEOUT: 120,
};
let clock = 0;
const deps = { sleep: async (ms: number) => void (clock += ms), now: () => clock, random: () => 0.5 };
const engine = (s: Partial<AthenaSettings> = {}) => createAthenaEngine({ ...settings, ...s }, new AthenaClient({ region: 'eu-west-1' }), deps);

const header = { Data: [{ VarCharValue: 'n' }, { VarCharValue: 'name' }] };
const cols = [
  { Name: 'n', Type: 'bigint' },
  { Name: 'name', Type: 'varchar' },
];
const page = (rows: [string, string][], token?: string, withHeader = true): GetQueryResultsOutput => ({
  ResultSet: { ResultSetMetadata: { ColumnInfo: cols }, Rows: [...(withHeader ? [header] : []), ...rows.map(([a, b]) => ({ Data: [{ VarCharValue: a }, { VarCharValue: b }] }))] },
  NextToken: token,
});
const state = (State: QueryExecutionState, extra: object = {}) => ({ QueryExecution: { Status: { State, ...extra }, Statistics: { DataScannedInBytes: 1234, ResultReuseInformation: { ReusedPreviousResult: false } } } });

beforeEach(() => {
  athena.reset();
  clock = 0;
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
});

describe('Athena engine', () => {
  it('QUEUED → RUNNING → QUEUED blip → SUCCEEDED, with bound parameters and result reuse', async () => {
    athena.on(GetQueryExecutionCommand).resolvesOnce(state('QUEUED')).resolvesOnce(state('RUNNING')).resolvesOnce(state('QUEUED')).resolves(state('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(page([['1', 'a']]));
    const r = await engine().run('SELECT 1 WHERE x = ? AND y = ?', ["it's", 5]);
    expect(r.rows).toEqual([{ n: 1, name: 'a' }]);
    expect(r.stats).toMatchObject({ engine: 'athena', queryExecutionId: 'q-1', dataScannedBytes: 1234, reusedResult: false });
    const start = athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input;
    expect(start).toMatchObject({
      QueryString: 'SELECT 1 WHERE x = ? AND y = ?',
      ExecutionParameters: ["'it''s'", '5'],
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'trail' },
      WorkGroup: 'primary',
      ResultConfiguration: { OutputLocation: 's3://results/keytrail/' },
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 } },
    });
    // Polling starts fast and backs off.
    expect(clock).toBe(100 + 150 + 225);
  });

  it('reads more than 1,000 rows across pages, header only on the first', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    const rows = (n: number, off: number) => Array.from({ length: n }, (_, i) => [String(off + i), `r${off + i}`] as [string, string]);
    athena.on(GetQueryResultsCommand).resolvesOnce(page(rows(999, 0), 't1')).resolvesOnce(page(rows(1000, 999), 't2', false)).resolves(page(rows(5, 1999), undefined, false));
    const r = await engine().run('SELECT n', []);
    expect(r.rows).toHaveLength(2004);
    expect(r.rows[2003]).toEqual({ n: 2003, name: 'r2003' });
    const calls = athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => [c.MaxResults, c.NextToken])).toEqual([[1000, undefined], [1000, 't1'], [1000, 't2']]);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input.ExecutionParameters).toBeUndefined();
  });

  it('decodes every column type', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    const types = ['tinyint', 'smallint', 'integer', 'bigint', 'double', 'real', 'decimal', 'boolean', 'varchar', 'timestamp', 'date', 'json', 'array'];
    const values = ['1', '2', '3', '9007199254740991', '1.5', '2.25', '10.10', 'true', 'x', '2023-07-10 11:57:50.000', '2023-07-10', '{"a":1}', '[1, 2]'];
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: [...types.map((t) => ({ Name: t, Type: t })), { Name: 'missing', Type: 'varchar' }] },
        Rows: [{ Data: types.map((t) => ({ VarCharValue: t })) }, { Data: [...values.map((v) => ({ VarCharValue: v })), {}] }],
      },
    });
    expect((await engine().run('SELECT *', [])).rows[0]).toEqual({
      tinyint: 1, smallint: 2, integer: 3, bigint: 9007199254740991, double: 1.5, real: 2.25, decimal: 10.1, boolean: true,
      varchar: 'x', timestamp: '2023-07-10 11:57:50.000', date: '2023-07-10', json: '{"a":1}', array: '[1, 2]', missing: null,
    });
  });

  it('maps FAILED to a user error (the table) and to an internal one (Athena itself)', async () => {
    athena.on(GetQueryExecutionCommand).resolvesOnce(state('FAILED', { StateChangeReason: "TABLE_NOT_FOUND: Table 'trail.cloudtrail_logs' does not exist", AthenaError: { ErrorCategory: 2 } }));
    await expect(engine().run('SELECT 1', [])).rejects.toMatchObject({ kind: 'user', detail: { setting: 'ATHENA_TABLE', queryExecutionId: 'q-1' } });
    athena.on(GetQueryExecutionCommand).resolves(state('FAILED', { StateChangeReason: 'Internal error', AthenaError: { ErrorCategory: 1 } }));
    await expect(engine().run('SELECT 2', [])).rejects.toMatchObject({ kind: 'internal', message: expect.stringContaining('Internal error') });
  });

  it('reports CANCELLED', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('CANCELLED'));
    await expect(engine().run('SELECT 1', [])).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('retries throttling with backoff, then succeeds', async () => {
    const throttle = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    athena.on(StartQueryExecutionCommand).rejectsOnce(throttle).rejectsOnce(Object.assign(new Error('slow down'), { name: 'ThrottlingException' })).resolves({ QueryExecutionId: 'q-9' });
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(page([]));
    const r = await engine().run('SELECT 1', []);
    expect(r.stats.queryExecutionId).toBe('q-9');
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
    expect(clock).toBe(100 + 200); // full jitter at 0.5 of 200 ms, then of 400 ms
  });

  it('gives up after repeated throttling with a throttled error', async () => {
    athena.on(StartQueryExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(engine().run('SELECT 1', [])).rejects.toMatchObject({ kind: 'throttled' });
  });

  it('stops a query that runs past the timeout', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    await expect(engine({ KEYTRAIL_QUERY_TIMEOUT: 5 }).run('SELECT 1', [])).rejects.toMatchObject({ kind: 'timeout' });
    expect(athena.commandCalls(StopQueryExecutionCommand)[0].args[0].input).toEqual({ QueryExecutionId: 'q-1' });
  });

  it('stops the query when the request is aborted', async () => {
    const ac = new AbortController();
    athena.on(GetQueryExecutionCommand).callsFake(async () => {
      ac.abort();
      return state('RUNNING');
    });
    athena.on(StopQueryExecutionCommand).resolves({});
    await expect(engine().run('SELECT 1', [], { signal: ac.signal })).rejects.toMatchObject({ kind: 'cancelled' });
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });

  it('answers a repeat from its cache without starting a query', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(page([['1', 'a']]));
    const e = engine();
    await e.run('SELECT 1 WHERE a = ?', ['x']);
    await e.run('SELECT 1 WHERE a = ?', ['x']);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
    await e.run('SELECT 1 WHERE a = ?', ['y']);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(2);
  });

  it('shares one execution between concurrent identical requests', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(page([['1', 'a']]));
    const e = engine({ ATHENA_CACHE_SECONDS: 0 });
    const rs = await Promise.all(Array.from({ length: 5 }, () => e.run('SELECT 1', [])));
    expect(rs.every((r) => r.rows[0].n === 1)).toBe(true);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });

  it.each([["' OR 1=1 --"], ['quote\'s "double" \\back'], ['😀‮é'], ['x'.repeat(1100)]])('renders a hostile parameter safely or rejects it: %j', async (v) => {
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(page([]));
    const run = engine().run('SELECT 1 WHERE a = ?', [v]);
    if (v.length > 1000) {
      await expect(run).rejects.toBeInstanceOf(EngineError);
      expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
    } else {
      await run;
      const sent = athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input;
      expect(sent.QueryString).toBe('SELECT 1 WHERE a = ?');
      expect(sent.ExecutionParameters).toEqual([`'${v.replace(/'/g, "''")}'`]);
    }
  });
});
