/**
 * Events that name their key only by alias (keyId "alias/app" or an alias ARN, with no resources,
 * as denied calls do) get the key the alias pointed to at that time. Alias evidence is any
 * successful event with both an alias_name and a key_arn: alias changes, and calls that name the
 * key by alias and list it in resources.
 * - The latest evidence at or before the event decides; a DeleteAlias there means the alias did
 *   not exist (the call failed with NotFoundException), so no key.
 * - With none before, the earliest after it: the alias may have been created before the logs
 *   begin. A later DeleteAlias counts then: until deleted, the alias pointed to the key it lists.
 * Runs after every ingest that added events, over every alias-only event, not only the unresolved
 * ones: an alias change may arrive in a later file (a late delivery, another account's trail) and
 * change what an earlier call named. `key_from_alias` marks the keys it gave, so a key an event
 * names itself is never touched; only rows whose key changes are written.
 */
export const RESOLVE_ALIASES_SQL = `
WITH targets AS (
  SELECT eventid, key_ref, event_ts FROM kms_events
  WHERE key_ref IS NOT NULL AND (key_arn IS NULL OR key_from_alias)
),
evidence AS (
  SELECT alias_arn, key_arn, state LIKE '%!' AS deleted, event_ts,
    -- Only where the alias's key changes matter (a run's first and last evidence): an alias used
    -- by name a million times is then a handful of rows, not a million per event to resolve.
    state IS DISTINCT FROM lag(state) OVER w OR state IS DISTINCT FROM lead(state) OVER w AS edge
  FROM (
    SELECT
      regexp_extract(key_arn, '^(arn:[^:]+:kms:[^:]+:[0-9]{12}):', 1) || ':' || alias_name AS alias_arn,
      key_arn, key_arn || CASE WHEN eventname = 'DeleteAlias' THEN '!' ELSE '' END AS state, event_ts
    FROM kms_events
    WHERE alias_name IS NOT NULL AND key_arn IS NOT NULL AND errorcode IS NULL AND NOT coalesce(key_from_alias, false)
  )
  WHERE alias_arn IN (SELECT key_ref FROM targets)
  WINDOW w AS (PARTITION BY alias_arn ORDER BY event_ts)
),
resolved AS (
  SELECT
    t.eventid,
    CASE WHEN count(*) FILTER (WHERE a.event_ts <= t.event_ts) > 0
      THEN arg_max(CASE WHEN a.deleted THEN '' ELSE a.key_arn END, a.event_ts) FILTER (WHERE a.event_ts <= t.event_ts)
      ELSE arg_min(a.key_arn, a.event_ts) FILTER (WHERE a.event_ts > t.event_ts)
    END AS key_arn
  FROM targets AS t
  JOIN evidence AS a ON a.alias_arn = t.key_ref AND a.edge
  GROUP BY t.eventid
)
UPDATE kms_events AS e SET key_arn = nullif(r.key_arn, ''), key_from_alias = true
FROM resolved AS r
WHERE e.eventid = r.eventid AND e.key_arn IS DISTINCT FROM nullif(r.key_arn, '')
`;
