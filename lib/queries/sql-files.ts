import fs from 'node:fs';
import path from 'node:path';

const cache = new Map<string, string>();

/** Text of a query file, e.g. `keys/keys_overview.sql`, exactly as it would be pasted into Athena. */
export function readSql(rel: string): string {
  let sql = cache.get(rel);
  if (sql === undefined) {
    // Scoped to queries/ so the build traces only that folder; the app and CLIs run from the project root.
    sql = fs.readFileSync(path.join(process.cwd(), 'queries', rel), 'utf8');
    cache.set(rel, sql);
  }
  return sql;
}

/** Strip a trailing semicolon so the text can be embedded as a subquery. */
export function asSubquery(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}
