import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type ColumnInfo,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { EngineError, type Engine, type Row, type RunResult, type SqlValue } from '../types';
import { cacheKey, createResultCache } from './cache';
import { createAthenaClient, type AthenaSettings } from './database';
import { apiError, failureError, isThrottling, throttledError } from './errors';
import { createLimiter } from './limiter';
import { toAthenaLiteral } from './literal';
import { appendPage, PAGE_SIZE } from './results';

/**
 * The Athena engine handle: the same `{ dialect, run }` as DuckDB. Underneath,
 * StartQueryExecution with bound ExecutionParameters and result reuse; polling
 * that starts fast and backs off; results paged and decoded by column type;
 * StopQueryExecution once nobody waits or the timeout passes; throttling
 * retried with jitter; identical requests sharing one execution; a short
 * result cache; and a cap on concurrent executions.
 */
export interface AthenaDeps {
  /** Waits `ms`; may resolve early when `signal` aborts. Tests pass a fake that only advances `now`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** For backoff jitter, in [0, 1). */
  random?: () => number;
}

/** A cached result comes back in well under a second; long scans settle into a 2 s rhythm (GetQueryExecution is rate-limited). */
const POLL_FIRST_MS = 100;
const POLL_GROWTH = 1.5;
const POLL_MAX_MS = 2000;
/** Throttling: exponential backoff with full jitter (AWS's recommendation for many clients sharing a limit). */
const MAX_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 200;
const BACKOFF_MAX_MS = 5000;

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

const cancelled = (queryExecutionId?: string) =>
  new EngineError('cancelled', 'The query was cancelled.', queryExecutionId ? { queryExecutionId } : undefined);

interface Shared {
  promise: Promise<RunResult>;
  waiters: number;
  abort: AbortController;
}

export function createAthenaEngine(
  settings: AthenaSettings,
  client: AthenaClient = createAthenaClient(settings),
  deps: AthenaDeps = {},
): Engine {
  const sleep = deps.sleep ?? realSleep;
  const now = deps.now ?? (() => Date.now());
  const random = deps.random ?? Math.random;
  const limiter = createLimiter(settings.ATHENA_MAX_CONCURRENT);
  const inFlight = new Map<string, Shared>();
  const cache = createResultCache(settings.ATHENA_CACHE_SECONDS, now);
  const timeoutMs = settings.KEYTRAIL_QUERY_TIMEOUT * 1000;

  /** Any API call, retried when Athena throttles; other errors are mapped at once. */
  async function call<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (!isThrottling(e)) throw apiError(e);
        if (attempt >= MAX_ATTEMPTS) throw throttledError(e, attempt);
        await sleep(random() * Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1)), signal);
        if (signal?.aborted) throw cancelled();
      }
    }
  }

  /** Stops an execution nobody wants any more. Best effort: it may have just finished. */
  async function stop(id: string): Promise<void> {
    await call(() => client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }))).catch(() => undefined);
  }

  /**
   * Polls until Athena reaches a final state. Whatever ends the wait early (an
   * abort, the timeout, a poll that keeps failing) stops the execution: a query
   * nobody waits for still scans, and costs, to the end.
   */
  async function poll(id: string, signal: AbortSignal): Promise<QueryExecution | undefined> {
    // KEYTRAIL_QUERY_TIMEOUT bounds the execution, from its start; waiting for a slot is bounded by the executions ahead.
    const deadline = now() + timeoutMs;
    let final = false;
    try {
      for (let wait = POLL_FIRST_MS; ; wait = Math.min(POLL_MAX_MS, Math.round(wait * POLL_GROWTH))) {
        if (signal.aborted) throw cancelled(id);
        if (now() >= deadline)
          throw new EngineError(
            'timeout',
            `The query ran longer than KEYTRAIL_QUERY_TIMEOUT (${settings.KEYTRAIL_QUERY_TIMEOUT} s) and was stopped.`,
            {
              queryExecutionId: id,
              setting: 'KEYTRAIL_QUERY_TIMEOUT',
            },
          );
        const qe = (await call(() => client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })), signal)).QueryExecution;
        const state = qe?.Status?.State;
        final = state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED';
        if (state === 'SUCCEEDED') return qe;
        if (state === 'FAILED') throw failureError(qe, id);
        if (state === 'CANCELLED') throw new EngineError('cancelled', 'The query was cancelled in Athena.', { queryExecutionId: id });
        // QUEUED or RUNNING (which can go back to QUEUED on an internal retry): look again. Never sleep past the deadline.
        await sleep(Math.max(0, Math.min(wait, deadline - now())), signal);
      }
    } catch (e) {
      if (final) throw e;
      await stop(id);
      throw signal.aborted ? cancelled(id) : e;
    }
  }

  async function execute(sql: string, literals: string[], signal: AbortSignal, requested: number): Promise<RunResult> {
    const start = await call(
      () =>
        client.send(
          new StartQueryExecutionCommand({
            QueryString: sql,
            QueryExecutionContext: { Catalog: settings.ATHENA_CATALOG, Database: settings.ATHENA_DATABASE },
            WorkGroup: settings.ATHENA_WORKGROUP,
            // Only when set: the workgroup's own location otherwise (and reuse needs the same result configuration each time).
            ...(settings.ATHENA_OUTPUT_LOCATION ? { ResultConfiguration: { OutputLocation: settings.ATHENA_OUTPUT_LOCATION } } : {}),
            // Athena rejects an empty list: send none when the query has no `?`.
            ...(literals.length ? { ExecutionParameters: literals } : {}),
            ResultReuseConfiguration: {
              ResultReuseByAgeConfiguration: {
                Enabled: settings.ATHENA_RESULT_REUSE_MINUTES > 0,
                MaxAgeInMinutes: settings.ATHENA_RESULT_REUSE_MINUTES,
              },
            },
          }),
        ),
      signal,
    );
    const id = start.QueryExecutionId;
    if (!id) throw new EngineError('internal', 'Athena started a query but returned no QueryExecutionId.');
    const qe = await poll(id, signal);
    const rows: Row[] = [];
    let columns: ColumnInfo[] = [];
    let token: string | undefined;
    let first = true;
    do {
      if (signal.aborted) throw cancelled(id); // finished already: nothing to stop, just stop reading
      const page = await call(
        () => client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: PAGE_SIZE, NextToken: token })),
        signal,
      );
      columns = appendPage(rows, page, columns, first);
      first = false;
      token = page.NextToken;
    } while (token);
    const st = qe?.Statistics;
    return {
      rows,
      stats: {
        engine: 'athena',
        elapsedMs: now() - requested,
        queryExecutionId: id,
        dataScannedBytes: st?.DataScannedInBytes ?? 0,
        reusedResult: st?.ResultReuseInformation?.ReusedPreviousResult ?? false,
      },
    };
  }

  /** A result this request did not pay for (cache or someone else's execution): no data scanned, counted as reused. */
  const secondHand = (r: RunResult, since: number): RunResult => ({
    rows: r.rows,
    stats: { ...r.stats, elapsedMs: now() - since, dataScannedBytes: 0, reusedResult: true },
  });

  /** Starts the one execution identical requests will share until it settles. */
  function share(key: string, sql: string, literals: string[], requested: number): Shared {
    const abort = new AbortController();
    const promise = limiter.run(() => execute(sql, literals, abort.signal, requested), abort.signal);
    const entry: Shared = { promise, waiters: 0, abort };
    inFlight.set(key, entry);
    const done = () => inFlight.get(key) === entry && inFlight.delete(key);
    promise.then((result) => {
      done();
      cache.set(key, result);
    }, done);
    return entry;
  }

  /**
   * One request's wait on a shared execution. Its own abort answers it at once;
   * the execution stops only when every request waiting for it has gone, and a
   * later identical request then starts afresh instead of joining it.
   */
  async function waitFor(key: string, s: Shared, signal: AbortSignal | undefined): Promise<RunResult> {
    s.waiters++;
    let onAbort: (() => void) | undefined;
    const gone = new Promise<never>((_, reject) => {
      onAbort = () => {
        reject(cancelled());
        if (--s.waiters > 0) return;
        if (inFlight.get(key) === s) inFlight.delete(key);
        s.abort.abort();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    gone.catch(() => undefined);
    try {
      return await Promise.race([s.promise, gone]);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    dialect: 'athena',
    async run(sql, params, opts) {
      const requested = now();
      const signal = opts?.signal;
      if (signal?.aborted) throw cancelled();
      // Rendered first: a bad parameter is refused before it can take a slot or start anything.
      const literals = params.map((p: SqlValue) => toAthenaLiteral(p));
      const key = cacheKey(settings, sql, literals);

      const hit = cache.get(key);
      if (hit) return secondHand(hit, requested);

      const joined = inFlight.get(key);
      const s = joined ?? share(key, sql, literals, requested);
      const result = await waitFor(key, s, signal);
      return joined ? secondHand(result, requested) : result;
    },
  };
}
