-- cross_account: calls to a key from another account than the key's own, including AWSAccount
-- callers (cross-account principals CloudTrail names only by account).
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
-- Rows: keyArn, principal, callerAccount, firstSeen, lastSeen, calls, errors
WITH events AS (
  SELECT key_arn, principal, useridentity.accountid AS caller_account, event_ts, errorcode
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND key_arn IS NOT NULL
    AND useridentity.accountid IS NOT NULL
    AND useridentity.accountid <> split_part(key_arn, ':', 5)
)
SELECT
  key_arn AS keyArn, principal AS principal, caller_account AS callerAccount,
  min(event_ts) AS firstSeen, max(event_ts) AS lastSeen, count(*) AS calls, count(errorcode) AS errors
FROM events
GROUP BY key_arn, principal, caller_account
ORDER BY count(*) DESC
