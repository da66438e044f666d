import { asSubquery, readSql } from '../../queries/sql-files';
import { isTableName } from './schema';

/**
 * The Athena side of the compat layer: `kms_events` as a view over the
 * CloudTrail table, with the very derivation DuckDB runs at ingest
 * (queries/views/kms_events.sql), so both engines answer the same queries.
 *
 * The local store also keeps `raw` (the record as written) and `source_file`;
 * Athena's JSON SerDe keeps neither, but event_raw.sql selects both, so the
 * view adds them as NULL: the query runs and the page says what is missing
 * instead of failing with "Column 'raw' cannot be resolved" (docs/athena.md).
 */
const SOURCE = 'cloudtrail_logs';
const FROM_SOURCE = /\bFROM cloudtrail_logs\b/g;

export function athenaViewDdl(table: string = SOURCE): string {
  // The name is spliced into DDL: only a plain identifier may pass.
  if (!isTableName(table)) throw new Error(`Invalid table name: ${JSON.stringify(table)}`);
  const body = asSubquery(readSql('views/kms_events.sql'));
  const uses = body.match(FROM_SOURCE)?.length ?? 0;
  // If the view's text stops naming its source this way, renaming would silently miss it: fail loudly instead.
  if (uses !== 1) throw new Error(`queries/views/kms_events.sql must read FROM ${SOURCE} exactly once (found ${uses}).`);
  const from = table === SOURCE ? body : body.replace(FROM_SOURCE, `FROM ${table}`);
  return `CREATE OR REPLACE VIEW kms_events AS
SELECT v.*, CAST(NULL AS varchar) AS raw, CAST(NULL AS varchar) AS source_file
FROM (
${from}
) AS v`;
}
