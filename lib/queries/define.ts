import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';
import type { Engine, QueryStats, RunOptions, SqlValue } from '../engines/types';
import { readSql } from './sql-files';

/**
 * One declaration per query (after Dub's `tb.buildPipe`): its name, its .sql
 * file, a zod schema for the params, a zod schema for each row, and how the
 * params bind to the file's positional `?` placeholders, in order.
 */
export interface QueryDef<P extends z.ZodType, R extends z.ZodType> {
  name: string;
  file: string;
  params: P;
  row: R;
  args: (p: z.output<P>) => SqlValue[];
  /**
   * A LIMIT cannot be a bound parameter on Athena. A query whose file ends in
   * `LIMIT <default>` may have that number replaced, but only by a value from
   * the closed set `allowed` (checked here, whatever the caller passes).
   */
  limit?: { default: number; allowed: readonly number[]; rows: (p: z.output<P>) => number };
  /**
   * Read the other way (a keyset page going back): true turns every DESC of the file's last line
   * before its LIMIT, `ORDER BY … DESC`, into ASC. A direction cannot be a bound parameter either;
   * this is a yes/no from the params, never their text.
   */
  reverse?: (p: z.output<P>) => boolean;
}

export function defineQuery<P extends z.ZodType, R extends z.ZodType>(def: QueryDef<P, R>): QueryDef<P, R> {
  return def;
}

export interface QueryResult<R> {
  rows: R[];
  /** Provenance: exactly what the engine was given. */
  query: { name: string; sql: string; args: SqlValue[] };
  stats: QueryStats;
}

/** Validate params, bind them, run on the engine, validate every row. */
export async function runQuery<P extends z.ZodType, R extends z.ZodType>(
  engine: Engine,
  def: QueryDef<P, R>,
  params: z.input<P>,
  opts?: RunOptions,
): Promise<QueryResult<z.output<R>>> {
  const { sql, args } = bindQuery(def, params);
  const res = await engine.run(sql, args, { ...opts, queryName: def.name });
  const rows = z.array(def.row).parse(res.rows.map(rekey(def.row)));
  const query = { name: def.name, sql, args };
  recorder.getStore()?.push({ ...query, stats: res.stats, rows: rows.length });
  return { rows, query, stats: res.stats };
}

/** The exact SQL text and bound values a query's params give (what runQuery sends, and what the bench runs bare). */
export function bindQuery<P extends z.ZodType, R extends z.ZodType>(def: QueryDef<P, R>, params: z.input<P>): { sql: string; args: SqlValue[] } {
  const p = def.params.parse(params);
  return { sql: withOrder(def, p, withLimit(def, p, readSql(def.file))), args: def.args(p) };
}

function withOrder<P extends z.ZodType, R extends z.ZodType>(def: QueryDef<P, R>, p: z.output<P>, sql: string): string {
  if (!def.reverse?.(p)) return sql;
  const tail = /\bORDER BY ([^\n]*\bDESC\b[^\n]*)\n(LIMIT \d+\s*)$/;
  const m = tail.exec(sql);
  if (!m) throw new Error(`${def.file} must end in an ORDER BY … DESC line and its LIMIT to be read the other way`);
  return sql.slice(0, m.index) + `ORDER BY ${m[1].replace(/\bDESC\b/g, 'ASC')}\n${m[2]}`;
}

function withLimit<P extends z.ZodType, R extends z.ZodType>(def: QueryDef<P, R>, p: z.output<P>, sql: string): string {
  if (!def.limit) return sql;
  const n = def.limit.rows(p);
  // The one number written into SQL text: it must be in the declaration's closed set (numbers only).
  if (!Number.isInteger(n) || !def.limit.allowed.includes(n)) throw new Error(`${def.name}: LIMIT ${n} is not one of ${def.limit.allowed.join(', ')}`);
  const tail = new RegExp(`\\bLIMIT ${def.limit.default}\\s*$`);
  if (!tail.test(sql)) throw new Error(`${def.file} must end in LIMIT ${def.limit.default}`);
  return sql.replace(tail, `LIMIT ${n}\n`);
}

/** What an export's provenance lists: every query that produced it, exactly as the engine got it. */
export interface QueryRecord {
  name: string;
  sql: string;
  args: SqlValue[];
  stats: QueryStats;
  rows: number;
}

const recorder = new AsyncLocalStorage<QueryRecord[]>();

/** Runs `fn` and collects every catalog query it ran (including ones in nested calls). */
export async function recordQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: QueryRecord[] }> {
  const queries: QueryRecord[] = [];
  const result = await recorder.run(queries, fn);
  return { result, queries };
}

/**
 * Trino lower-cases unquoted column aliases (Athena returns `keyarn`), DuckDB
 * keeps them as written (`keyArn`). Map result keys back onto the row schema's
 * keys case-insensitively, so the alias in the .sql file is the row key on both.
 */
function rekey(schema: z.ZodType): (row: Record<string, unknown>) => Record<string, unknown> {
  if (!(schema instanceof z.ZodObject)) return (r) => r;
  const byLower = new Map(Object.keys(schema.shape).map((k) => [k.toLowerCase(), k]));
  return (row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[byLower.get(k.toLowerCase()) ?? k] = v;
    return out;
  };
}
