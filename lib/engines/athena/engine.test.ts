import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AthenaSettings } from './database';
import { athena, fakeClock, mockSuccess, page, startInput, state, testEngine } from './test-support';

/** The Athena protocol against a mocked client: states, pages, column types, parameters. Failures: engine-failures.test.ts. */
let clock = fakeClock();
const engine = (s: Partial<AthenaSettings> = {}) => testEngine(clock.deps, s);

beforeEach(() => {
  clock = fakeClock();
  mockSuccess();
});

describe('Athena engine: a query', () => {
  it('QUEUED → RUNNING → QUEUED blip → SUCCEEDED, polling fast at first then slower', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(state('QUEUED'))
      .resolvesOnce(state('RUNNING'))
      .resolvesOnce(state('QUEUED'))
      .resolvesOnce(state('RUNNING'))
      .resolves(state('SUCCEEDED'));
    const r = await engine().run('SELECT 1', []);
    expect(r.rows).toEqual([{ n: 1, name: 'a' }]);
    expect(r.stats).toEqual({
      engine: 'athena',
      elapsedMs: clock.ms,
      queryExecutionId: 'q-1',
      dataScannedBytes: 1234,
      reusedResult: false,
    });
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(5);
    expect(athena.commandCalls(GetQueryExecutionCommand)[0].args[0].input).toEqual({ QueryExecutionId: 'q-1' });
    expect(clock.ms).toBe(100 + 150 + 225 + 338);
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(0);
  });

  it('sends ExecutionParameters exactly, one literal per ?, with context, workgroup, output and result reuse', async () => {
    const sql = 'SELECT 1 FROM kms_events WHERE a = ? AND b = ? AND c = ? AND d = ? AND e = ? AND f = ? AND g = ? AND h = ?';
    await engine().run(sql, ["it's", 5, -2, 1.5, true, null, "' OR 1=1 --", 'back\\slash 😀']);
    expect(startInput()).toEqual({
      QueryString: sql,
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'trail' },
      WorkGroup: 'primary',
      ResultConfiguration: { OutputLocation: 's3://results/keytrail/' },
      ExecutionParameters: ["'it''s'", '5', '-2', "DOUBLE '1.5'", 'true', 'NULL', "''' OR 1=1 --'", "'back\\slash 😀'"],
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 } },
    });
  });

  it('omits ExecutionParameters without parameters and the output location when the workgroup has one', async () => {
    await engine({ ATHENA_OUTPUT_LOCATION: undefined, ATHENA_RESULT_REUSE_MINUTES: 0 }).run('SELECT 1', []);
    const input = startInput();
    expect(input).not.toHaveProperty('ExecutionParameters');
    expect(input).not.toHaveProperty('ResultConfiguration');
    expect(input.ResultReuseConfiguration).toEqual({ ResultReuseByAgeConfiguration: { Enabled: false, MaxAgeInMinutes: 0 } });
  });

  it('reports a reused result', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED', {}, { reused: true }));
    expect((await engine().run('SELECT 1', [])).stats.reusedResult).toBe(true);
  });

  it('reads more than 1,000 rows across pages, header only on the first', async () => {
    const rows = (n: number, off: number) => Array.from({ length: n }, (_, i) => [String(off + i), `r${off + i}`] as [string, string]);
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(page(rows(999, 0), 't1'))
      .resolvesOnce(page(rows(1000, 999), 't2', false))
      .resolves(page(rows(5, 1999), undefined, false));
    const r = await engine().run('SELECT n', []);
    expect(r.rows).toHaveLength(2004);
    expect(r.rows[0]).toEqual({ n: 0, name: 'r0' });
    expect(r.rows[999]).toEqual({ n: 999, name: 'r999' });
    expect(r.rows[2003]).toEqual({ n: 2003, name: 'r2003' });
    const calls = athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: undefined },
      { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 't1' },
      { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 't2' },
    ]);
  });

  it('returns no rows for a result with only the header', async () => {
    athena.on(GetQueryResultsCommand).resolves(page([]));
    expect((await engine().run('SELECT n', [])).rows).toEqual([]);
  });

  it('decodes every column type', async () => {
    const typed: [string, string, unknown][] = [
      ['tinyint', '1', 1],
      ['smallint', '-2', -2],
      ['integer', '3', 3],
      ['bigint', '9007199254740991', 9007199254740991],
      ['double', '1.5', 1.5],
      ['float', '0.5', 0.5],
      ['real', '2.25', 2.25],
      ['decimal', '10.10', 10.1],
      ['boolean', 'true', true],
      ['varchar', 'x', 'x'],
      ['char', 'ab', 'ab'],
      ['json', '{"a":1}', '{"a":1}'],
      ['date', '2023-07-10', '2023-07-10'],
      ['timestamp', '2023-07-10 11:57:50.000', '2023-07-10 11:57:50.000'],
      ['timestamp with time zone', '2023-07-10 11:57:50.000 UTC', '2023-07-10 11:57:50.000 UTC'],
      ['array', '[a, b]', '[a, b]'],
      ['map', '{k=v}', '{k=v}'],
      ['row', '{arn=x, type=AWS::KMS::Key}', '{arn=x, type=AWS::KMS::Key}'],
    ];
    const names = [...typed.map(([t]) => t), 'no_value', 'false_bool'];
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: {
          ColumnInfo: [
            ...typed.map(([t]) => ({ Name: t, Type: t })),
            { Name: 'no_value', Type: 'bigint' },
            { Name: 'false_bool', Type: 'boolean' },
          ],
        },
        Rows: [
          { Data: names.map((n) => ({ VarCharValue: n })) },
          { Data: [...typed.map(([, v]) => ({ VarCharValue: v })), {}, { VarCharValue: 'false' }] },
        ],
      },
    });
    const [row] = (await engine().run('SELECT *', [])).rows;
    expect(row).toEqual({ ...Object.fromEntries(typed.map(([t, , v]) => [t, v])), no_value: null, false_bool: false });
  });
});

describe('Athena engine: hostile parameters', () => {
  it.each([["' OR 1=1 --"], ["'; DROP TABLE cloudtrail_logs; --"], ['quote\'s "double" \\back\\'], ['😀‮مفتاح'], ["x'".repeat(340)]])(
    'sends %j as one quoted literal, the SQL text untouched',
    async (v) => {
      await engine().run('SELECT 1 FROM kms_events WHERE key_arn = ?', [v]);
      const sent = startInput();
      expect(sent.QueryString).toBe('SELECT 1 FROM kms_events WHERE key_arn = ?');
      expect(sent.ExecutionParameters).toEqual([`'${v.replace(/'/g, "''")}'`]);
    },
  );

  it.each([['x'.repeat(1023)], ["'".repeat(600)], ['a\u0000b'], ['a\u001b[2Jb'], [NaN]])(
    'refuses %j before starting anything',
    async (v) => {
      await expect(engine().run('SELECT 1 WHERE a = ?', ['ok', v])).rejects.toMatchObject({
        kind: 'user',
        detail: { reason: 'parameter' },
      });
      expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
    },
  );
});
