import { createHash } from 'node:crypto';
import type { QueryRecord } from '../queries/define';
import pkg from '../../package.json';

/**
 * Every export says what it is and how it was made, so someone else can verify
 * it: title, range, filters, engine, each query's exact SQL and parameter
 * values (and, on Athena, its QueryExecutionId and data scanned), when, and
 * which KeyTrail version. `sqlSha256` lets an image's short footer, which names
 * each query by hash rather than printing its text, be matched to the full SQL.
 */
export interface Provenance {
  title: string;
  range: { from: string; to: string; timezone: 'UTC' };
  filters: Record<string, string>;
  engine: string;
  /** What the data is (lib/server/data-source.ts): above all, whether it is KeyTrail's invented sample. */
  source?: string;
  queries: {
    name: string;
    sql: string;
    /** SHA-256 (hex) of `sql`'s UTF-8 bytes, exactly as stored above. */
    sqlSha256: string;
    parameters: unknown[];
    rows: number;
    queryExecutionId?: string;
    dataScannedBytes?: number;
  }[];
  warnings?: string[];
  /** A list its query's limit cut: how many rows it holds of how many there are. */
  listed?: { rows: number; inAll: number; what: string };
  generatedAt: string;
  keytrailVersion: string;
}

/** The sentence an export (and the report) gives for a list cut to its busiest rows, or says it is whole. */
export function listedNote(l: { rows: number; inAll: number; what: string }): string {
  return l.inAll > l.rows
    ? `the ${l.rows} busiest of ${l.inAll} ${l.what} (the events export lists the calls of every one)`
    : `all ${l.inAll} ${l.what}`;
}

export function provenance(o: {
  title: string;
  from: Date;
  to: Date;
  filters: Record<string, string>;
  queries: QueryRecord[];
  listed?: Provenance['listed'];
  source?: string;
  /** What the export may lack (a findings rule that could not run): evidence says it is incomplete. */
  warnings?: string[];
  now?: Date;
}): Provenance {
  return {
    title: o.title,
    range: { from: o.from.toISOString(), to: o.to.toISOString(), timezone: 'UTC' },
    filters: o.filters,
    engine: o.queries[0]?.stats.engine ?? 'duckdb',
    ...(o.source ? { source: o.source } : {}),
    queries: o.queries.map((q) => ({
      name: q.name,
      sql: q.sql,
      sqlSha256: sha256Hex(q.sql),
      parameters: q.args,
      rows: q.rows,
      ...(q.stats.queryExecutionId ? { queryExecutionId: q.stats.queryExecutionId, dataScannedBytes: q.stats.dataScannedBytes } : {}),
    })),
    ...(o.listed ? { listed: o.listed } : {}),
    ...(o.warnings?.length ? { warnings: o.warnings } : {}),
    generatedAt: (o.now ?? new Date()).toISOString(),
    keytrailVersion: pkg.version,
  };
}

/** Provenance flattened for `# key: value` CSV header lines. */
export function provenanceLines(p: Provenance): Record<string, unknown> {
  const out: Record<string, unknown> = {
    title: p.title,
    range: `${p.range.from} → ${p.range.to} (UTC)`,
    filters: p.filters,
    engine: p.engine,
  };
  if (p.source) out.source = p.source;
  p.queries.forEach((q, i) => {
    out[`query ${i + 1}`] = q.name;
    out[`query ${i + 1} sql`] = q.sql.replace(/\s+/g, ' ').trim();
    // Of the SQL as run (not of the one-line form above), as in the JSON's meta.
    out[`query ${i + 1} sql sha256`] = q.sqlSha256;
    out[`query ${i + 1} parameters`] = q.parameters;
    if (q.queryExecutionId) out[`query ${i + 1} athena`] = { queryExecutionId: q.queryExecutionId, dataScannedBytes: q.dataScannedBytes };
  });
  if (p.listed) out.listed = listedNote(p.listed);
  if (p.warnings) out.warnings = p.warnings.join(' ');
  out.generatedAt = p.generatedAt;
  out.keytrailVersion = p.keytrailVersion;
  return out;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
