-- events_count: how many events match the events page's filters in the range (its total).
-- The same filters as events_page.sql, without its cursor: keep the two WHERE clauses in step.
-- A filter param that is NULL matches everything.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
--   5,6 key_arn       varchar  or NULL
--   7,8 principal     varchar  or NULL: exactly, the principal or a role session's ARN
--   9,10 event_name   varchar  or NULL
--   11-13 error_code  varchar  or NULL ('*' = any failure; else a LIKE pattern in any case, 'accessdenied%')
--   14,15 source_ip   varchar  or NULL
--   16,17 account     varchar  or NULL
--   18,19 region      varchar  or NULL
--   20,21 error_class varchar  'access-denied' | 'key-state' | 'integrity' | 'throttling'
--                              | 'other', or NULL
--   22,23 weekday     integer  1 = Monday … 7 = Sunday (UTC), or NULL
--   24,25 hour        integer  0–23 (UTC), or NULL
--   26 no_key         boolean  TRUE: only events that name no key; or NULL
--   27 no_principal   boolean  TRUE: only events with no principal (no identity in the record); or NULL
--   28-30 principal_contains varchar  or NULL: part of the principal or session ARN, any case
--   31,32 access_key  varchar  or NULL: the access key id that signed the call (userIdentity.accessKeyId)
--   33,34 context     varchar  or NULL: part of the call's encryption context (JSON text), exact case
--   35,36 user_agent  varchar  or NULL: part of the user agent, any case
--   37,38 key_account varchar  or NULL: the account whose keys it used (a key ARN's account), whoever called
-- Rows: events, failed, firstEvent, lastEvent (one row; the times are NULL when nothing matches)
WITH filtered AS (
  SELECT event_ts, error_class
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND (? IS NULL OR ? IN (key_arn, dest_key_arn))
    AND (? IS NULL OR ? IN (principal, session_arn))
    AND (? IS NULL OR eventname = ?)
    AND (? IS NULL OR CASE WHEN ? = '*' THEN error_class IS NOT NULL ELSE lower(errorcode) LIKE lower(?) END)
    AND (? IS NULL OR sourceipaddress = ?)
    AND (? IS NULL OR event_account = ?)
    AND (? IS NULL OR event_region = ?)
    AND (? IS NULL OR error_class = ?)
    AND (? IS NULL OR day_of_week(event_ts) = ?)
    AND (? IS NULL OR hour(event_ts) = ?)
    AND (? IS NULL OR key_arn IS NULL)
    AND (? IS NULL OR principal IS NULL)
    AND (? IS NULL OR strpos(lower(principal), lower(?)) > 0 OR strpos(lower(session_arn), lower(?)) > 0)
    AND (? IS NULL OR useridentity.accesskeyid = ?)
    AND (? IS NULL OR strpos(encryption_context, ?) > 0)
    AND (? IS NULL OR strpos(lower(useragent), lower(?)) > 0)
    AND (? IS NULL OR ? IN (split_part(key_arn, ':', 5), split_part(dest_key_arn, ':', 5)))
)
SELECT
  count(*) AS events,
  count(error_class) AS failed,
  min(event_ts) AS firstEvent,
  max(event_ts) AS lastEvent
FROM filtered
