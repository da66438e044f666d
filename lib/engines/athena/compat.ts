import { asSubquery, readSql } from '../../queries/sql-files';
import { rollupFile, type Rollup } from '../../queries/rollups';
import { isTableName } from './schema';

/**
 * The Athena side of the compat layer: `kms_events` as a view over the
 * CloudTrail table, with the very derivation DuckDB runs at ingest
 * (queries/views/kms_events.sql), so both engines answer the same queries.
 *
 * The view is that text with a few rewrites, each of one exact piece of text
 * that must occur exactly once (so a change to the .sql fails loudly here, in
 * compat.test.ts, instead of silently producing a different view):
 *
 * 1. Source. `FROM cloudtrail_logs` reads the configured table through a
 *    subquery that names `"$path"` (the Hive connector's hidden column: the S3
 *    URI of the delivery file a row came from) as `source_file`. `SELECT *`
 *    never includes hidden columns, so `"$path"`
 *    is only a column of the table itself: the subquery is where it can be read.
 * 2. Output. The view text selects `"$path" AS source_file` (the embedded
 *    engine's staged batch has a real `"$path"` column); here that becomes the
 *    subquery's `source_file`; a view text without it gets it added at the
 *    start of its final select list. The event page reads the
 *    record's original text back from that file, by eventID (raw-record.ts):
 *    Athena's JSON SerDe keeps no original text, and the view has no `raw`.
 * 3. Partitions (tables partitioned by account and region, i.e. several
 *    accounts or regions, or an organization trail; see schema.ts).
 *    `event_account` and `event_region` are taken from the `account` and
 *    `region` partition columns instead of `recipientaccountid` and `awsregion`.
 *    For KMS events they hold the same values (CloudTrail delivers a record
 *    under its recipient account's path, and KMS is regional, so a record sits
 *    under its own region), but only a predicate on a partition column prunes:
 *    `WHERE event_account = ?` then reads that account's files only.
 */
const SOURCE = 'cloudtrail_logs';
const FROM_SOURCE = /\bFROM cloudtrail_logs\b/g;
/** The last top-level SELECT (at the start of a line, unindented): the view's output list. */
const FINAL_SELECT = /^SELECT\b/gm;
const PATH_AS_SOURCE_FILE = /"\$path" AS source_file\b/g;
const PARTITION_COLUMNS: readonly (readonly [from: string, to: string])[] = [
  ['recipientaccountid AS event_account', 'account AS event_account'],
  ['awsregion AS event_region', 'region AS event_region'],
];

export interface ViewOptions {
  /** The table has `account` and `region` partitions as well as `timestamp` (see `hasAccountRegionPartitions`). */
  accountRegionPartitions?: boolean;
}

/** A rollup's view (lib/queries/rollups.ts) over kms_events; the embedded store keeps each as a table. */
export function athenaRollupViewDdl(name: Rollup): string {
  return `CREATE OR REPLACE VIEW ${name} AS\n${asSubquery(readSql(rollupFile(name)))}`;
}

export function athenaViewDdl(table: string = SOURCE, opts: ViewOptions = {}): string {
  return `CREATE OR REPLACE VIEW kms_events AS\n${athenaView(asSubquery(readSql('views/kms_events.sql')), table, opts)}`;
}

/** The rewrites above, applied to the view's text (exported so tests can feed it other texts). */
export function athenaView(body: string, table: string, opts: ViewOptions = {}): string {
  // The name is spliced into DDL: only a plain identifier may pass.
  if (!isTableName(table)) throw new Error(`Invalid table name: ${JSON.stringify(table)}`);
  let sql = body;
  const paths = sql.match(PATH_AS_SOURCE_FILE)?.length ?? 0;
  if (paths > 1)
    throw new Error('queries/views/kms_events.sql must select "$path" AS source_file at most once; update lib/engines/athena/compat.ts.');
  if (paths === 1) sql = sql.replace(PATH_AS_SOURCE_FILE, 'source_file');
  // Any other use of "$path" would not resolve on Athena: past the table itself it is not a column.
  if (withoutComments(sql).includes('"$path"'))
    throw new Error('queries/views/kms_events.sql may use "$path" only as `"$path" AS source_file`; update lib/engines/athena/compat.ts.');
  // `table` passed isTableName above and SOURCE is a constant: no value reaches this text unchecked.
  sql = replaceOnce(sql, FROM_SOURCE, `FROM (SELECT *, "$path" AS source_file FROM ${table}) AS ${SOURCE}`, `FROM ${SOURCE}`);
  const at = [...sql.matchAll(FINAL_SELECT)].at(-1)?.index;
  if (at === undefined) throw new Error('queries/views/kms_events.sql must end with a top-level SELECT at the start of a line.');
  // Only a selected column counts, not a comment that names it.
  const selected = withoutComments(sql.slice(at));
  if (!/\bsource_file\b/.test(selected)) {
    const end = at + 'SELECT'.length;
    sql = `${sql.slice(0, end)}\n  source_file,${sql.slice(end)}`;
  }
  if (opts.accountRegionPartitions) {
    for (const [from, to] of PARTITION_COLUMNS) sql = replaceOnce(sql, new RegExp(`\\b${from}\\b`, 'g'), to, from);
  }
  return sql;
}

const withoutComments = (sql: string) => sql.replace(/--[^\n]*/g, '');

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const uses = text.match(pattern)?.length ?? 0;
  // If the view's text stops saying this exactly once, the rewrite would silently miss or double: fail loudly instead.
  if (uses !== 1)
    throw new Error(
      `queries/views/kms_events.sql must contain "${what}" exactly once (found ${uses}); update lib/engines/athena/compat.ts.`,
    );
  return text.replace(pattern, () => replacement);
}
