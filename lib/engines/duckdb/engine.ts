import type { DuckDBValue } from '@duckdb/node-api';
import { EngineError, type Cell, type Engine, type Row, type SqlValue } from '../types';
import type { Database } from './database';

/** DuckDB's JS values → neutral cells: bigints to numbers, dates to ISO strings, nested to JSON text. */
export function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
}

/** The embedded engine handle. Runs Athena-SQL text through the compat layer. */
export function createDuckdbEngine(db: Database): Engine {
  return {
    dialect: 'duckdb',
    async run(sql, params, opts) {
      const started = performance.now();
      return db.withConnection(async (c) => {
        const onAbort = () => c.interrupt();
        opts?.signal?.addEventListener('abort', onAbort, { once: true });
        try {
          if (opts?.signal?.aborted) throw new EngineError('cancelled', 'The query was cancelled.');
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
          if (opts?.signal?.aborted) throw new EngineError('cancelled', 'The query was cancelled.');
          const msg = e instanceof Error ? e.message : String(e);
          // Binder/parser/catalog errors are a problem with the query text; the rest is ours.
          const kind = /^(Binder|Parser|Catalog|Conversion|Invalid Input) Error/.test(msg) ? 'user' : 'internal';
          throw new EngineError(kind, msg.split('\n')[0], { reason: msg });
        } finally {
          opts?.signal?.removeEventListener('abort', onAbort);
        }
      });
    },
  };
}
