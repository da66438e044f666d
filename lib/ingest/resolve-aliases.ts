/**
 * Events that name their key only by alias (keyId "alias/app" or an alias ARN, with no resources,
 * as denied calls do) get the key the alias pointed to at that time. Alias evidence is any
 * successful event with both an alias_name and a key_arn: alias changes, and calls that name the
 * key by alias and list it in resources.
 * - The latest evidence at or before the event decides; a DeleteAlias there means the alias did
 *   not exist (the call failed with NotFoundException), so no key.
 * - With none before, the earliest, if it says where the alias pointed until then: a use or a
 *   DeleteAlias (the alias may have been created before the logs begin). Not a CreateAlias (the
 *   alias did not exist before it: CreateAlias fails on an existing one) nor an UpdateAlias (it
 *   pointed elsewhere, to a key the logs do not say): no key then.
 * - A deleted key takes its aliases with it (DeleteKey deletes every alias of the key): from its
 *   DeleteKey on, an alias that was on it names no key, as after a DeleteAlias.
 * - Within one second (CloudTrail's precision) evidence is ordered as AWS must have done it: a
 *   successful use, then the deletion, then a creation anew; the call being resolved comes last.
 * Runs after every ingest that added events, over every alias-only event, not only the unresolved
 * ones: an alias change may arrive in a later file (a late delivery, another account's trail) and
 * change what an earlier call named. `key_from_alias` marks the keys it gave, so a key an event
 * names itself is never touched; only rows whose key changes are written. An ASOF join finds each
 * event's latest evidence, so the cost grows with the events to resolve, not with their product
 * with the alias's history.
 */
export const RESOLVE_ALIASES_SQL = `
WITH targets AS (
  SELECT eventid, key_ref, epoch_ms(event_ts) * 10 + 9 AS seq FROM kms_events
  WHERE key_ref IS NOT NULL AND (key_arn IS NULL OR key_from_alias) AND event_ts IS NOT NULL
),
evidence AS (
  SELECT * FROM (
    SELECT
      regexp_extract(key_arn, '^(arn:[^:]+:kms:[^:]+:[0-9]{12}):', 1) || ':' || alias_name AS alias_arn,
      key_arn,
      CASE WHEN eventname = 'DeleteAlias' THEN '' ELSE key_arn END AS key_after,
      epoch_ms(event_ts) * 10
        + CASE WHEN eventname = 'DeleteAlias' THEN 1 WHEN eventname IN ('CreateAlias', 'UpdateAlias') THEN 2 ELSE 0 END AS seq
    FROM kms_events
    WHERE alias_name IS NOT NULL AND key_arn IS NOT NULL AND errorcode IS NULL AND event_ts IS NOT NULL
      AND NOT coalesce(key_from_alias, false)
  )
  WHERE alias_arn IN (SELECT key_ref FROM targets)
),
deleted AS (
  SELECT DISTINCT key_arn, epoch_ms(event_ts) * 10 + 1 AS seq FROM kms_events
  WHERE eventname = 'DeleteKey' AND errorcode IS NULL AND key_arn IS NOT NULL AND event_ts IS NOT NULL
),
-- Each DeleteKey, for every alias whose latest evidence before it is on that key (few rows: its
-- own ASOF join below; a UNION with the evidence made the main join ~5x slower).
pairs AS (
  SELECT DISTINCT alias_arn, key_arn FROM evidence WHERE key_arn IN (SELECT key_arn FROM deleted)
),
ended AS (
  SELECT b.alias_arn, d.seq
  FROM deleted AS d
  JOIN pairs AS p ON p.key_arn = d.key_arn
  -- Only those aliases' evidence: sorting all of it for this join cost ~1.3 s at 10M events.
  ASOF JOIN (SELECT * FROM evidence WHERE alias_arn IN (SELECT alias_arn FROM pairs)) AS b
    ON b.alias_arn = p.alias_arn AND d.seq > b.seq
  WHERE b.key_after = d.key_arn
),
-- seq % 10 = 2: a CreateAlias or UpdateAlias, which says nothing of the alias before it.
earliest AS (
  SELECT alias_arn, arg_min(CASE WHEN seq % 10 = 2 THEN '' ELSE key_arn END, seq) AS key_arn FROM evidence GROUP BY alias_arn
),
latest AS (
  SELECT t.eventid, t.key_ref, t.seq, b.seq AS evidence_seq,
    CASE WHEN b.alias_arn IS NOT NULL THEN b.key_after ELSE f.key_arn END AS key_arn
  FROM targets AS t
  ASOF LEFT JOIN evidence AS b ON b.alias_arn = t.key_ref AND t.seq >= b.seq
  LEFT JOIN earliest AS f ON f.alias_arn = t.key_ref
),
-- A DeleteKey after the latest evidence ended the alias. Not a second ASOF join: it sorted every
-- target again (~1.3 s at 10M events) for a handful of deletions.
resolved AS (
  SELECT l.eventid, CASE WHEN EXISTS (
      SELECT 1 FROM ended AS x
      WHERE x.alias_arn = l.key_ref AND x.seq <= l.seq AND (l.evidence_seq IS NULL OR x.seq > l.evidence_seq)
    ) THEN '' ELSE l.key_arn END AS key_arn
  FROM latest AS l
)
UPDATE kms_events AS e SET key_arn = nullif(r.key_arn, ''), key_from_alias = true
FROM resolved AS r
WHERE e.eventid = r.eventid AND r.key_arn IS NOT NULL AND e.key_arn IS DISTINCT FROM nullif(r.key_arn, '')
`;
