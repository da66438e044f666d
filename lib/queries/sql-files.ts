import fs from 'node:fs';
import path from 'node:path';

const cache = new Map<string, string>();

/** The folder of .sql files; the app and the CLIs both run from the project root. */
export const QUERIES_DIR = path.resolve(process.env.KEYTRAIL_QUERIES_DIR ?? path.join(process.cwd(), 'queries'));

/** Text of a query file, e.g. `keys/keys_overview.sql`, exactly as it would be pasted into Athena. */
export function readSql(rel: string): string {
  let sql = cache.get(rel);
  if (sql === undefined) {
    sql = fs.readFileSync(path.join(QUERIES_DIR, rel), 'utf8');
    cache.set(rel, sql);
  }
  return sql;
}

/** Strip a trailing semicolon so the text can be embedded as a subquery. */
export function asSubquery(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}
