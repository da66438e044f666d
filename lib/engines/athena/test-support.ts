import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryExecutionOutput,
  type GetQueryResultsOutput,
  type QueryExecutionState,
  type QueryExecutionStatus,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import type { AthenaSettings } from './database';
import { createAthenaEngine, type AthenaDeps } from './engine';

/**
 * What the Athena engine tests share: a mocked AthenaClient, settings, a fake
 * clock, and Athena's answers in the shapes its API gives them. Test-only
 * (not named *.test.ts, so it is not a suite itself; nothing else imports it).
 */

/** Every AthenaClient in the test file answers from here (each file runs in its own fork: vitest.config.mts). */
export const athena = mockClient(AthenaClient);

export const SETTINGS: AthenaSettings = {
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

/** One macrotask: lets queued SDK calls and timers-free sleeps make progress. */
export const tick = () => new Promise<void>((r) => setImmediate(r));

/**
 * A fake clock: sleeping only advances `ms`, so no test waits for real, and
 * jitter is always half its range. With `yieldOnSleep`, each sleep also yields
 * a macrotask, so a test can act (abort, finish) while a query "runs".
 */
export interface FakeClock {
  ms: number;
  deps: Required<AthenaDeps>;
}

export function fakeClock({ yieldOnSleep = false } = {}): FakeClock {
  const clock: FakeClock = {
    ms: 0,
    deps: {
      sleep: async (ms) => {
        clock.ms += ms;
        if (yieldOnSleep) await tick();
      },
      now: () => clock.ms,
      random: () => 0.5,
    },
  };
  return clock;
}

/** An engine on the mocked client: SETTINGS (or `base`) with `overrides`. */
export function testEngine(deps: AthenaDeps, overrides: Partial<AthenaSettings> = {}, base: AthenaSettings = SETTINGS) {
  return createAthenaEngine({ ...base, ...overrides }, new AthenaClient({ region: 'eu-west-1' }), deps);
}

/** GetQueryExecution's answer in `State`, with statistics. */
export function state(
  State: QueryExecutionState,
  status: Partial<QueryExecutionStatus> = {},
  { reused = false, bytes = 1234 }: { reused?: boolean; bytes?: number } = {},
): GetQueryExecutionOutput {
  return {
    QueryExecution: {
      QueryExecutionId: 'q-1',
      Status: { State, ...status },
      Statistics: { DataScannedInBytes: bytes, ResultReuseInformation: { ReusedPreviousResult: reused } },
    },
  };
}

/** FAILED, with Athena's reason and error category (1 system, 2 user, 3 other). */
export const failed = (reason: string, ErrorCategory: number) =>
  state('FAILED', { StateChangeReason: reason, AthenaError: { ErrorCategory } });

const cols = [
  { Name: 'n', Type: 'bigint' },
  { Name: 'name', Type: 'varchar' },
];
const header = { Data: [{ VarCharValue: 'n' }, { VarCharValue: 'name' }] };

/** A GetQueryResults page of (n bigint, name varchar) rows; Athena puts the header row first on the first page only. */
export function page(rows: [string, string][], token?: string, withHeader = true): GetQueryResultsOutput {
  return {
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: cols },
      Rows: [...(withHeader ? [header] : []), ...rows.map(([a, b]) => ({ Data: [{ VarCharValue: a }, { VarCharValue: b }] }))],
    },
    NextToken: token,
  };
}

/** An SDK error as the client throws it: what matters is its name. */
export const named = (name: string, message: string) => Object.assign(new Error(message), { name });

/** Resets the mock to a query that succeeds at once as q-1 with one row (n 1, name 'a'). */
export function mockSuccess(): void {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
  athena.on(GetQueryResultsCommand).resolves(page([['1', 'a']]));
  athena.on(StopQueryExecutionCommand).resolves({});
}

/** What was sent: the i-th StartQueryExecution's input, how many started, which were stopped. */
export const startInput = (i = 0) => athena.commandCalls(StartQueryExecutionCommand)[i].args[0].input;
export const starts = () => athena.commandCalls(StartQueryExecutionCommand).length;
export const stops = () => athena.commandCalls(StopQueryExecutionCommand).map((c) => c.args[0].input.QueryExecutionId);
