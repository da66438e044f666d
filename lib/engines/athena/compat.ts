import { asSubquery, readSql } from '../../queries/sql-files';

/**
 * The Athena side of the compat layer: `kms_events` as a view over the
 * CloudTrail table, with the same derivation DuckDB runs at ingest
 * (queries/views/kms_events.sql). Athena cannot give the record's original
 * text, and it resolves no alias-only key references (DuckDB does that after
 * ingest), so `raw` and `source_file` are NULL there (docs/athena.md).
 */
export function athenaViewDdl(table: string): string {
  if (!/^[a-z_][a-z0-9_]{0,127}$/.test(table)) throw new Error(`Invalid table name: ${JSON.stringify(table)}`);
  const body = asSubquery(readSql('views/kms_events.sql'));
  const from = table === 'cloudtrail_logs' ? body : body.replace(/\bFROM cloudtrail_logs\b/, `FROM ${table}`);
  return `CREATE OR REPLACE VIEW kms_events AS
SELECT v.*, CAST(NULL AS varchar) AS raw, CAST(NULL AS varchar) AS source_file
FROM (
${from}
) AS v`;
}
