/**
 * The one handle every query goes through (modelled on Evidence's `Connection`):
 * a dialect name and a `run` that takes Athena-SQL text plus positional `?` values.
 */
export type Dialect = 'duckdb' | 'athena';

/** What a bound `?` may hold. Dates are passed as ISO strings by the query layer. */
export type SqlValue = string | number | boolean | null;

/** Neutral cell values: engines convert their native types to these. */
export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface RunOptions {
  signal?: AbortSignal;
  /** Name of the catalog query, for logs and provenance. */
  queryName?: string;
}

export interface QueryStats {
  engine: Dialect;
  elapsedMs: number;
  /** Athena only. */
  queryExecutionId?: string;
  dataScannedBytes?: number;
  reusedResult?: boolean;
}

export interface RunResult {
  rows: Row[];
  stats: QueryStats;
}

export interface Engine {
  dialect: Dialect;
  run(sql: string, params: readonly SqlValue[], opts?: RunOptions): Promise<RunResult>;
}

/**
 * Neutral error kinds (after Grafana's Athena datasource): `user` errors are the
 * caller's to fix (bad query, missing table, bad setting); the rest are ours or
 * transient. The API maps `user` to 4xx/clear messages and never leaks stacks.
 */
export type EngineErrorKind = 'user' | 'internal' | 'cancelled' | 'timeout' | 'throttled' | 'unavailable';

export class EngineError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
    readonly detail?: { setting?: string; reason?: string; queryExecutionId?: string },
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
