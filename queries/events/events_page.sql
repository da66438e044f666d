-- events_page: one page of events, newest first, with optional filters and a keyset cursor.
-- A filter param that is NULL matches everything. The cursor is the (event_ts, eventid) of
-- the last row of the previous page, so deep pages cost the same as the first (no OFFSET).
-- Going back a page: the rows newer than the first row shown (params 41-44), read oldest first:
-- KeyTrail turns the ORDER BY's two DESC into ASC (lib/queries/define.ts) and reverses the rows.
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
--   39-41 cursor_ts   varchar  ISO-8601 or NULL: rows older than the cursor
--   42 cursor_id      varchar  or NULL
--   43-45 before_ts   varchar  ISO-8601 or NULL: rows newer than this (a previous page)
--   46 before_id      varchar  or NULL
-- Rows: eventId, eventTime, eventName, principal, principalType, sessionArn, keyArn, destKeyArn (ReEncrypt),
--       errorCode, errorClass, errorMessage, sourceIp, userAgent, encryptionContext, account, region
-- LIMIT: the page size plus one (to tell whether there is a next page). Athena takes no
-- parameter there, so KeyTrail replaces 1001 with a size from its closed set (lib/queries/define.ts).
WITH filtered AS (
  SELECT *
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
    AND (? IS NULL OR event_ts < from_iso8601_timestamp(?)
      OR (event_ts = from_iso8601_timestamp(?) AND eventid < ?))
    AND (? IS NULL OR event_ts > from_iso8601_timestamp(?)
      OR (event_ts = from_iso8601_timestamp(?) AND eventid > ?))
)
SELECT
  eventid AS eventId,
  event_ts AS eventTime,
  eventname AS eventName,
  principal AS principal,
  principal_type AS principalType,
  session_arn AS sessionArn,
  key_arn AS keyArn,
  dest_key_arn AS destKeyArn,
  errorcode AS errorCode,
  error_class AS errorClass,
  errormessage AS errorMessage,
  sourceipaddress AS sourceIp,
  useragent AS userAgent,
  encryption_context AS encryptionContext,
  event_account AS account,
  event_region AS region
FROM filtered
ORDER BY event_ts DESC, eventid DESC
LIMIT 1001
