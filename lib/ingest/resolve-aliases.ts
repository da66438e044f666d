/**
 * Alias evidence is any successful event with both an alias_name and a key_arn
 * (alias changes, and calls that name the key by alias and list it in resources).
 * Events that name their key only by alias (keyId "alias/app" or an alias ARN,
 * with no resources, as denied calls do) get the key the alias pointed to at
 * that time: the latest CreateAlias/UpdateAlias at or before the event, else
 * the earliest after it (the alias may have been created before the logs begin).
 * Runs after every ingest because the alias event may arrive in a later file.
 */
export const RESOLVE_ALIASES_SQL = `
UPDATE kms_events AS e SET key_arn = (
  SELECT a.key_arn FROM (
    SELECT
      regexp_extract(key_arn, '^(arn:[^:]+:kms:[^:]+:[0-9]{12}):', 1) || ':' || alias_name AS alias_arn,
      key_arn, event_ts
    FROM kms_events
    WHERE alias_name IS NOT NULL AND key_arn IS NOT NULL AND errorcode IS NULL
      AND eventname <> 'DeleteAlias'
  ) AS a
  WHERE a.alias_arn = e.key_ref
  ORDER BY (a.event_ts <= e.event_ts) DESC,
    CASE WHEN a.event_ts <= e.event_ts THEN -epoch(a.event_ts) ELSE epoch(a.event_ts) END
  LIMIT 1
)
WHERE e.key_arn IS NULL AND e.key_ref IS NOT NULL
`;
