-- cross_account: calls to a key from another account than the key's own, including AWSAccount
-- callers (cross-account principals CloudTrail names only by account); a ReEncrypt into such a key too.
-- Params (in order):
--   1,5 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2,6 partition_to  varchar  'yyyy/MM/dd', the day after `to`
--   3,7 from          varchar  ISO-8601 UTC, inclusive
--   4,8 to            varchar  ISO-8601 UTC, exclusive
-- Rows: keyArn, principal, callerAccount, firstSeen, lastSeen, calls, errors
WITH uses AS (
  SELECT key_arn, principal, useridentity.accountid AS caller_account, event_ts, error_class
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
  UNION ALL
  -- A ReEncrypt into another account's key is a use of that key too.
  SELECT dest_key_arn, principal, useridentity.accountid, event_ts, error_class
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND dest_key_arn IS NOT NULL
),
events AS (
  SELECT * FROM uses
  WHERE key_arn IS NOT NULL
    AND caller_account IS NOT NULL
    AND caller_account <> split_part(key_arn, ':', 5)
)
SELECT
  key_arn AS keyArn, principal AS principal, caller_account AS callerAccount,
  min(event_ts) AS firstSeen, max(event_ts) AS lastSeen, count(*) AS calls, count(error_class) AS errors
FROM events
GROUP BY key_arn, principal, caller_account
ORDER BY count(*) DESC
