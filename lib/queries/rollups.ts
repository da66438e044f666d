/**
 * The views over kms_events that the queries read (queries/views/<name>.sql), in the order they are
 * built: views on Athena, and in the embedded store tables rebuilt from the same text after each
 * ingest (lib/ingest/rollups.ts). One list, so a new one is made on both engines and cleared with
 * the sample.
 */
export const ROLLUPS = [
  // Every key, first and last seen, spec and origin.
  'kms_keys',
  // Each alias and the keys it was on.
  'kms_alias_keys',
  // Every lifecycle change, failed ones too (key_lifecycle.sql, lifecycle_changes.sql, risky_changes.sql).
  'kms_lifecycle',
  // The successful events that change a key's state (key_status.sql): taken from kms_lifecycle.
  'kms_key_changes',
  // Calls per key and hour (hourly_calls.sql, the usage-spike rule).
  'kms_key_hours',
] as const;

export type Rollup = (typeof ROLLUPS)[number];

export const rollupFile = (name: Rollup): string => `views/${name}.sql`;
