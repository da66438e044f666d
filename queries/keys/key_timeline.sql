-- key_timeline: calls to one key per time bucket and operation, for a stacked bar chart.
-- Buckets with no calls are absent; the API zero-fills them.
-- Params (in order):
--   1 bucket          varchar  'hour' or 'day' (bound through the WHERE of the `unit` CTE:
--                               Athena only takes parameters in WHERE clauses)
--   2 key_arn         varchar  full key ARN
--   3 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   4 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   5 from            varchar  ISO-8601 UTC, inclusive
--   6 to              varchar  ISO-8601 UTC, exclusive
-- Rows: t, eventName, count, errors
WITH unit AS (
  SELECT u FROM (VALUES ('hour'), ('day')) AS units (u) WHERE u = ?
),
events AS (
  SELECT event_ts, eventname, errorcode
  FROM kms_events
  WHERE key_arn = ?
    AND "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
)
SELECT
  date_trunc(unit.u, e.event_ts) AS t,
  e.eventname AS eventName,
  count(*) AS "count",
  count(e.errorcode) AS errors
FROM events e
CROSS JOIN unit
GROUP BY 1, 2
ORDER BY 1, 2
