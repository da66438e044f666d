-- failures_by_principal_key: who is denied (or fails) on what; the busiest pairs first.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
--   5 limit           integer  at most this many pairs (a WHERE bound)
-- Rows: principal, keyArn, accessDenied, keyState, integrity, other (throttling and other), count,
--   principalTotal (the principal's failures on every key, pairs cut by the limit included),
--   pairsInAll (how many pairs there are, the ones past the limit too)
WITH failed AS (
  SELECT coalesce(principal, '(unknown)') AS principal, coalesce(key_arn, '(unknown key)') AS key_arn, error_class
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND error_class IS NOT NULL
),
pairs AS (
  SELECT
    principal,
    key_arn,
    count_if(error_class = 'access-denied') AS access_denied,
    count_if(error_class = 'key-state') AS key_state,
    count_if(error_class = 'integrity') AS integrity,
    count_if(error_class NOT IN ('access-denied', 'key-state', 'integrity')) AS other,
    count(*) AS total
  FROM failed
  GROUP BY principal, key_arn
),
ranked AS (
  SELECT
    *,
    -- Before the limit: a grid that shows some of a principal's keys adds the rest up as "Other keys".
    sum(total) OVER (PARTITION BY principal) AS principal_total,
    row_number() OVER (ORDER BY total DESC, principal, key_arn) AS rn,
    count(*) OVER () AS in_all
  FROM pairs
)
SELECT
  principal AS principal,
  key_arn AS keyArn,
  access_denied AS accessDenied,
  key_state AS keyState,
  integrity AS integrity,
  other AS other,
  total AS "count",
  principal_total AS principalTotal,
  in_all AS pairsInAll
FROM ranked
WHERE rn <= ?
ORDER BY rn
