import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type ColumnInfo,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { EngineError, type Cell, type Engine, type Row, type RunResult, type SqlValue } from '../types';
import type { AthenaSettings } from './database';
import { toAthenaLiteral } from './literal';

/**
 * The Athena engine handle. Same `{ dialect, run }` as DuckDB; underneath:
 * StartQueryExecution with bound ExecutionParameters and result reuse, polling
 * that starts fast and backs off, paged results decoded by column type,
 * StopQueryExecution when nobody waits any more, throttling retried with jitter,
 * identical requests sharing one execution, a short result cache, and a cap on
 * concurrent executions.
 */
export interface AthenaDeps {
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException']);
const INT = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const FLOAT = new Set(['double', 'float', 'real', 'decimal']);

export function decodeCell(v: string | undefined, type: string | undefined): Cell {
  if (v === undefined) return null;
  const t = (type ?? 'varchar').toLowerCase();
  if (INT.has(t) || FLOAT.has(t)) return Number(v);
  if (t === 'boolean') return v === 'true';
  return v;
}

export function createAthenaEngine(settings: AthenaSettings, client: AthenaClient, deps: AthenaDeps = {}): Engine {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = deps.now ?? (() => Date.now());
  const random = deps.random ?? Math.random;
  const inFlight = new Map<string, { promise: Promise<RunResult>; waiters: number; abort: AbortController }>();
  const cache = new Map<string, { at: number; result: RunResult }>();
  let running = 0;
  const queue: (() => void)[] = [];

  async function slot<T>(fn: () => Promise<T>): Promise<T> {
    if (running >= settings.ATHENA_MAX_CONCURRENT) await new Promise<void>((r) => queue.push(r));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      queue.shift()?.();
    }
  }

  /** Any API call, retried with exponential backoff and full jitter when Athena throttles. */
  async function call<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        const name = (e as { name?: string }).name ?? '';
        if (!THROTTLED.has(name)) throw mapApiError(e);
        if (attempt >= 5) throw new EngineError('throttled', 'Athena is throttling requests; try again in a moment.');
        await sleep(random() * Math.min(8000, 200 * 2 ** attempt));
      }
    }
  }

  async function execute(sql: string, params: readonly SqlValue[], signal: AbortSignal): Promise<RunResult> {
    const started = now();
    if (signal.aborted) throw new EngineError('cancelled', 'The query was cancelled before it started.');
    const start = await call(() =>
      client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          QueryExecutionContext: { Catalog: settings.ATHENA_CATALOG, Database: settings.ATHENA_DATABASE },
          WorkGroup: settings.ATHENA_WORKGROUP,
          ...(settings.ATHENA_OUTPUT_LOCATION ? { ResultConfiguration: { OutputLocation: settings.ATHENA_OUTPUT_LOCATION } } : {}),
          ...(params.length ? { ExecutionParameters: params.map(toAthenaLiteral) } : {}),
          ResultReuseConfiguration: {
            ResultReuseByAgeConfiguration: { Enabled: settings.ATHENA_RESULT_REUSE_MINUTES > 0, MaxAgeInMinutes: settings.ATHENA_RESULT_REUSE_MINUTES },
          },
        }),
      ),
    );
    const id = start.QueryExecutionId!;
    const stop = () => client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
    let qe: QueryExecution | undefined;
    // A cached result comes back in well under a second; long scans settle into a 2 s rhythm.
    for (let wait = 100; ; wait = Math.min(2000, Math.round(wait * 1.5))) {
      if (signal.aborted) {
        await stop();
        throw new EngineError('cancelled', 'The query was cancelled.', { queryExecutionId: id });
      }
      if (now() - started > settings.KEYTRAIL_QUERY_TIMEOUT * 1000) {
        await stop();
        throw new EngineError('timeout', `The query ran longer than KEYTRAIL_QUERY_TIMEOUT (${settings.KEYTRAIL_QUERY_TIMEOUT} s) and was stopped.`, {
          queryExecutionId: id,
          setting: 'KEYTRAIL_QUERY_TIMEOUT',
        });
      }
      qe = (await call(() => client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })))).QueryExecution;
      const state = qe?.Status?.State;
      if (state === 'SUCCEEDED') break;
      if (state === 'FAILED') throw mapFailure(qe!, id);
      if (state === 'CANCELLED') throw new EngineError('cancelled', 'The query was cancelled in Athena.', { queryExecutionId: id });
      // QUEUED and RUNNING (which can briefly go back to QUEUED): wait and look again.
      await sleep(wait);
    }
    const rows: Row[] = [];
    let columns: ColumnInfo[] = [];
    let token: string | undefined;
    let first = true;
    do {
      const page = await call(() => client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 1000, NextToken: token })));
      columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? columns;
      const data = page.ResultSet?.Rows ?? [];
      // The first row of the first page is the header.
      for (const r of first ? data.slice(1) : data) {
        const o: Row = {};
        columns.forEach((c, i) => (o[c.Name ?? `_${i}`] = decodeCell(r.Data?.[i]?.VarCharValue, c.Type)));
        rows.push(o);
      }
      first = false;
      token = page.NextToken;
    } while (token);
    const st = qe?.Statistics;
    return {
      rows,
      stats: {
        engine: 'athena',
        elapsedMs: now() - started,
        queryExecutionId: id,
        dataScannedBytes: st?.DataScannedInBytes ?? 0,
        reusedResult: st?.ResultReuseInformation?.ReusedPreviousResult ?? false,
      },
    };
  }

  return {
    dialect: 'athena',
    async run(sql, params, opts) {
      const key = JSON.stringify([settings.ATHENA_CATALOG, settings.ATHENA_DATABASE, settings.ATHENA_WORKGROUP, sql, params]);
      const hit = cache.get(key);
      if (hit && now() - hit.at < settings.ATHENA_CACHE_SECONDS * 1000) return hit.result;
      let entry = inFlight.get(key);
      if (!entry) {
        const abort = new AbortController();
        const promise = slot(() => execute(sql, params, abort.signal)).then(
          (result) => {
            cache.set(key, { at: now(), result });
            return result;
          },
        );
        entry = { promise, waiters: 0, abort };
        inFlight.set(key, entry);
        promise.then(
          () => inFlight.delete(key),
          () => inFlight.delete(key),
        );
      }
      const e = entry;
      e.waiters++;
      // The execution is stopped only when every request waiting for it has gone.
      const onAbort = () => --e.waiters === 0 && e.abort.abort();
      opts?.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await e.promise;
      } finally {
        opts?.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

function mapFailure(qe: QueryExecution, id: string): EngineError {
  const reason = qe.Status?.StateChangeReason ?? qe.Status?.AthenaError?.ErrorMessage ?? 'unknown reason';
  const hint = misconfiguration(reason);
  if (hint) return new EngineError('user', `${hint.message} (Athena: ${reason})`, { setting: hint.setting, reason, queryExecutionId: id });
  const category = qe.Status?.AthenaError?.ErrorCategory;
  return new EngineError(category === 2 ? 'user' : 'internal', `Athena could not run the query: ${reason}`, { reason, queryExecutionId: id });
}

function misconfiguration(reason: string): { setting: string; message: string } | null {
  if (/TABLE_NOT_FOUND|Table .* does not exist/i.test(reason)) return { setting: 'ATHENA_TABLE', message: 'The CloudTrail table was not found: check ATHENA_TABLE (and run npm run athena:ddl).' };
  if (/SCHEMA_NOT_FOUND|Database .* not found|Schema .* does not exist/i.test(reason)) return { setting: 'ATHENA_DATABASE', message: 'The Glue database was not found: check ATHENA_DATABASE.' };
  if (/output location|OutputLocation/i.test(reason)) return { setting: 'ATHENA_OUTPUT_LOCATION', message: 'Athena has nowhere to write results: set ATHENA_OUTPUT_LOCATION or a workgroup output location.' };
  if (/Access ?Denied|not authorized/i.test(reason)) return { setting: 'AWS credentials', message: 'Access denied: check the IAM policy of the credentials KeyTrail runs with (README: Athena).' };
  return null;
}

function mapApiError(e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  const name = (e as { name?: string }).name ?? 'Error';
  const message = e instanceof Error ? e.message : String(e);
  const hint = misconfiguration(`${name} ${message}`);
  if (hint) return new EngineError('unavailable', `${hint.message} (${name}: ${message})`, { setting: hint.setting, reason: message });
  if (name === 'InvalidRequestException') return new EngineError('user', `Athena rejected the request: ${message}`, { reason: message });
  if (/CredentialsProviderError|Could not load credentials|Region is missing/i.test(`${name} ${message}`))
    return new EngineError('unavailable', `AWS credentials or region are not set up for KeyTrail: ${message}`, { setting: 'AWS credentials', reason: message });
  return new EngineError('internal', `Athena API call failed: ${name}: ${message}`, { reason: message });
}
