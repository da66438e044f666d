import fs from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------------------
// The catalog's SQL, and what each `?` binds
// ---------------------------------------------------------------------------

export interface ParamSpec {
  name: string;
  /** The parameter a partition bound is derived from ("the day before `from`"). */
  ref: string | null;
}

export interface QueryFile {
  /** e.g. events/events_page.sql */
  file: string;
  sql: string;
  /** One per `?`, in order. */
  params: ParamSpec[];
}

const QUERIES_DIR = path.resolve(__dirname, '../../../queries');

/** `?` placeholders outside comments, string literals and quoted identifiers. */
export function countPlaceholders(sql: string): number {
  const stripped = sql
    .replace(/--[^\n]*/g, '')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""');
  return (stripped.match(/\?/g) ?? []).length;
}

/** The header's "Params (in order)" lines: `--   5,6 key_arn  varchar  …`, `--   11-13 error_code …`. */
export function parseParamHeader(sql: string): ParamSpec[] {
  const lines = sql.split('\n');
  const start = lines.findIndex((l) => /^--\s*Params \(in order\):/.test(l));
  if (start < 0) return [];
  const out: ParamSpec[] = [];
  const refs = new Map<string, string | null>();
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('--') || /^--\s*Rows:/.test(line)) break;
    const m = /^--\s+(\d+(?:[,-]\d+)*)\s+(\S+)(.*)$/.exec(line);
    if (!m) continue; // a description continued on the next line
    const positions = m[1].split(',').flatMap((p) => {
      const [a, b] = p.split('-').map(Number);
      return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
    });
    const name = m[2];
    // "again" lines repeat an earlier parameter: same meaning, same reference.
    const ref = /`(\w+)`/.exec(m[3])?.[1] ?? refs.get(name) ?? null;
    refs.set(name, ref);
    for (const p of positions) out[p - 1] = { name, ref };
  }
  return out;
}

/** Every .sql file in queries/, keyed by its exact text: a statement the engine gets must be one of them, byte for byte. */
export function loadQueryFiles(): Map<string, QueryFile> {
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const out = new Map<string, QueryFile>();
  for (const f of walk(QUERIES_DIR).filter((x) => x.endsWith('.sql'))) {
    const sql = fs.readFileSync(f, 'utf8');
    const params = parseParamHeader(sql);
    const file = path.relative(QUERIES_DIR, f);
    // The header is the oracle's spec: it must describe every placeholder, no more, no less.
    const holes = countPlaceholders(sql);
    if (params.length !== holes || params.some((p) => !p))
      throw new Error(`${file}: its Params header lists ${params.length} parameters for ${holes} placeholders`);
    out.set(sql, { file, sql, params });
  }
  return out;
}

/** A query's short name: events/events_page.sql → events_page. */
export const queryName = (q: QueryFile) => path.basename(q.file, '.sql');

/** A file's closing `LIMIT n`: the one place a statement may differ from its file (see findQuery). */
const TAIL_LIMIT = /\bLIMIT (\d+)\s*$/;
const TAIL_ORDER = /\bORDER BY [^\n]*\n(?=LIMIT \d+\s*$)/;

/**
 * The catalog file a statement is, and the LIMIT it ends in when that differs
 * from the file's. Athena cannot bind a LIMIT, so a page size from a closed set
 * may replace the file's closing number, and a page read the other way has its
 * last ORDER BY's DESC turned ASC (`reversed`); nothing else may differ, byte for byte.
 */
export function findQuery(files: Map<string, QueryFile>, sql: string): { q: QueryFile; limit: number | null; reversed: boolean } | null {
  const exact = files.get(sql);
  if (exact) return { q: exact, limit: null, reversed: false };
  // A page read the other way has its last ORDER BY line turned round (lib/queries/define.ts);
  // a file whose own ORDER BY is ASC matches as it is, first.
  const order = TAIL_ORDER.exec(sql);
  const turned = order ? sql.slice(0, order.index) + order[0].replace(/\bASC\b/g, 'DESC') + sql.slice(order.index + order[0].length) : sql;
  for (const [text, reversed] of [[sql, false], ...(turned === sql ? [] : [[turned, true]])] as [string, boolean][]) {
    const n = TAIL_LIMIT.exec(text);
    if (!n) continue;
    for (const q of files.values())
      if (TAIL_LIMIT.test(q.sql) && q.sql.replace(TAIL_LIMIT, '') === text.replace(TAIL_LIMIT, ''))
        return { q, limit: Number(n[1]), reversed };
  }
  return null;
}
