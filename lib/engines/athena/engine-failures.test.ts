import { GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../types';
import type { AthenaSettings } from './database';
import { athena, failed, fakeClock, mockSuccess, named, page, state, testEngine } from './test-support';

/** How the Athena engine fails, against a mocked client: FAILED and CANCELLED states, API errors, throttling. */
let clock = fakeClock();
const engine = (s: Partial<AthenaSettings> = {}) => testEngine(clock.deps, s);

beforeEach(() => {
  clock = fakeClock();
  mockSuccess();
});

describe('Athena engine: failures', () => {
  it('FAILED with a user category (KeyTrail’s SQL) is internal, with Athena’s reason and the execution id', async () => {
    athena.on(GetQueryExecutionCommand).resolves(failed("line 1:8: Column 'nope' cannot be resolved", 2));
    const e = await engine()
      .run('SELECT nope', [])
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect(e).toMatchObject({
      kind: 'internal',
      message: expect.stringContaining("Column 'nope' cannot be resolved"),
      detail: { queryExecutionId: 'q-1' },
    });
  });

  it.each([
    [1, 'internal'],
    [3, 'internal'],
  ])('FAILED with category %i is %s', async (category, kind) => {
    athena.on(GetQueryExecutionCommand).resolves(failed('Internal service error', category));
    await expect(engine().run('SELECT 1', [])).rejects.toMatchObject({
      kind,
      message: expect.stringContaining('Internal service error'),
      detail: { queryExecutionId: 'q-1' },
    });
  });

  it.each([
    ["TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.trail.cloudtrail_logs' does not exist", 'user', 'ATHENA_TABLE'],
    ['SCHEMA_NOT_FOUND: line 1:15: Schema trail does not exist', 'user', 'ATHENA_DATABASE'],
    ['Access denied when writing output to url: s3://results/keytrail/q-1.csv', 'unavailable', 'AWS credentials'],
    ['Permission denied on S3 path: s3://trail-bucket/AWSLogs/', 'unavailable', 'AWS credentials'],
  ])('names the setting for %j', async (reason, kind, setting) => {
    athena.on(GetQueryExecutionCommand).resolves(failed(reason, 2));
    await expect(engine().run('SELECT 1', [])).rejects.toMatchObject({
      kind,
      message: expect.stringContaining(reason),
      detail: { setting, queryExecutionId: 'q-1' },
    });
  });

  it.each([
    [
      'AccessDeniedException',
      'User: arn:aws:iam::111122223333:user/x is not authorized to perform: athena:StartQueryExecution',
      'unavailable',
      'AWS credentials',
    ],
    [
      'InvalidRequestException',
      'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
      'user',
      'ATHENA_OUTPUT_LOCATION',
    ],
    ['InvalidRequestException', 'WorkGroup nope is not found.', 'user', 'ATHENA_WORKGROUP'],
  ])('maps a %s from StartQueryExecution', async (name, message, kind, setting) => {
    athena.on(StartQueryExecutionCommand).rejects(named(name, message));
    await expect(engine().run('SELECT 1', [])).rejects.toMatchObject({ kind, detail: { setting } });
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1); // not retried
  });

  it('CANCELLED (by someone else) is a cancelled error', async () => {
    athena.on(GetQueryExecutionCommand).resolvesOnce(state('RUNNING')).resolves(state('CANCELLED'));
    await expect(engine().run('SELECT 1', [])).rejects.toMatchObject({ kind: 'cancelled', detail: { queryExecutionId: 'q-1' } });
  });

  it('a failed query is not cached: the next request tries again', async () => {
    athena.on(GetQueryExecutionCommand).resolvesOnce(failed('Internal service error', 1)).resolves(state('SUCCEEDED'));
    const e = engine();
    await expect(e.run('SELECT 1', [])).rejects.toMatchObject({ kind: 'internal' });
    expect((await e.run('SELECT 1', [])).rows).toHaveLength(1);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(2);
  });
});

describe('Athena engine: throttling', () => {
  it('retries ThrottlingException and TooManyRequestsException on every call, with backoff and full jitter', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(named('TooManyRequestsException', 'Rate exceeded'))
      .rejectsOnce(named('ThrottlingException', 'slow down'))
      .resolves({ QueryExecutionId: 'q-9' });
    athena.on(GetQueryExecutionCommand).rejectsOnce(named('ThrottlingException', 'slow down')).resolves(state('SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand)
      .rejectsOnce(named('ThrottlingException', 'slow down'))
      .resolves(page([['1', 'a']]));
    const r = await engine().run('SELECT 1', []);
    expect(r.stats.queryExecutionId).toBe('q-9');
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(2);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
    // random() = 0.5 of 200 ms, then of 400 ms (Start); of 200 ms (Get); of 200 ms (Results).
    expect(clock.ms).toBe(100 + 200 + 100 + 100);
  });

  it('gives up after five attempts with a throttled error', async () => {
    athena.on(StartQueryExecutionCommand).rejects(named('ThrottlingException', 'Rate exceeded'));
    await expect(engine().run('SELECT 1', [])).rejects.toMatchObject({ kind: 'throttled' });
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(5);
    expect(clock.ms).toBe(100 + 200 + 400 + 800);
  });
});
