import type { DuckDBValue } from '@duckdb/node-api';
import { EngineError, type Cell, type Engine, type Row, type RunOptions, type RunResult, type SqlValue } from '../types';
import { cacheKey, createResultCache } from './cache';
import type { Database } from './database';

/** DuckDB's JS values → neutral cells: bigints to numbers, dates to ISO strings, nested to JSON text. */
export function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
}

/**
 * The embedded engine handle. Runs Athena-SQL text through the compat layer.
 * Identical queries share one execution while it runs, and its result for
 * `cacheSeconds` (until the next ingest commit, whichever is first): many
 * people on the same view, or the panels of one page asking the same thing,
 * cost one query. A caller that goes away stops waiting; the shared query
 * finishes for the others.
 */
export function createDuckdbEngine(db: Database, opts: { cacheSeconds?: number } = {}): Engine {
  const cache = createResultCache(opts.cacheSeconds ?? 0, Date.now);
  const inflight = new Map<string, Promise<RunResult>>();
  const execute = (sql: string, params: readonly SqlValue[], o?: RunOptions): Promise<RunResult> => {
    const started = performance.now();
    return db.withConnection(async (c) => {
      const onAbort = () => c.interrupt();
      o?.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        if (o?.signal?.aborted) throw new EngineError('cancelled', 'The query was cancelled.');
        const reader = await c.runAndReadAll(sql, params as SqlValue[] as DuckDBValue[]);
        const names = reader.columnNames();
        const rows: Row[] = reader.getRowsJS().map((r) => {
          const o: Row = {};
          names.forEach((n, i) => (o[n] = toCell(r[i])));
          return o;
        });
        return { rows, stats: { engine: 'duckdb' as const, elapsedMs: performance.now() - started } };
      } catch (e) {
        if (e instanceof EngineError) throw e;
        if (o?.signal?.aborted) throw new EngineError('cancelled', 'The query was cancelled.');
        const msg = e instanceof Error ? e.message : String(e);
        // The query text is KeyTrail's own (its query files) and every value was validated before it
        // was bound, so a binder, parser or conversion error is a defect of ours, as on Athena
        // (../athena/errors.ts): internal, logged with DuckDB's full message.
        throw new EngineError('internal', msg.split('\n')[0], { reason: msg });
      } finally {
        o?.signal?.removeEventListener('abort', onAbort);
      }
    });
  };
  return {
    dialect: 'duckdb',
    async run(sql, params, o) {
      if (!opts.cacheSeconds) return execute(sql, params, o);
      const started = performance.now();
      const key = cacheKey(db.generation, sql, params);
      const hit = cache.get(key);
      if (hit) return { rows: hit.rows, stats: { engine: 'duckdb', elapsedMs: performance.now() - started } };
      let shared = inflight.get(key);
      if (!shared) {
        // Not tied to this caller's signal: others may be waiting for the same result.
        shared = execute(sql, params, { queryName: o?.queryName });
        inflight.set(key, shared);
        shared.then(
          (r) => cache.set(key, r),
          () => undefined,
        );
        void shared.finally(() => inflight.delete(key)).catch(() => undefined);
      }
      const r = await untilAborted(shared, o?.signal);
      return { rows: r.rows, stats: { engine: 'duckdb', elapsedMs: performance.now() - started } };
    },
  };
}

/** Waits for `p`, or rejects as cancelled as soon as the caller's signal aborts. */
function untilAborted<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new EngineError('cancelled', 'The query was cancelled.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new EngineError('cancelled', 'The query was cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
