-- unusable_key_calls: cryptographic calls that failed because the key is disabled, pending deletion or
-- without its key material: someone still depends on a key that is going away. Not the key's own
-- management (a CancelKeyDeletion of a key not pending deletion fails the same way, on a healthy key):
-- it raises no finding, but the principal's management calls that failed the same way within the span
-- of its cryptographic ones are counted when the drill-down lists them (when those were several
-- operations, it cannot filter on one). A ReEncrypt counts under both its keys, as the events list does.
-- Params (in order):
--   1,5 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2,6 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3,7 from            varchar  ISO-8601 UTC, inclusive
--   4,8 to              varchar  ISO-8601 UTC, exclusive
-- Rows: keyArn, principal, errorCode, firstSeen, lastSeen, calls, operation (the one operation they were, else NULL:
--       what the drill-down filters on, so it lists exactly these calls when it can)
WITH failed AS (
  SELECT key_arn, principal, errorcode, event_ts, eventname
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND errorcode IN ('DisabledException', 'KMSInvalidStateException')
  UNION ALL
  SELECT dest_key_arn, principal, errorcode, event_ts, eventname
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND errorcode IN ('DisabledException', 'KMSInvalidStateException')
    AND dest_key_arn IS NOT NULL
),
flagged AS (
  -- The operations that use the key's material (as keys_overview's lastCryptoUse).
  SELECT *, contains(ARRAY['Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
      'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac',
      'DeriveSharedSecret', 'GetPublicKey'], eventname) AS crypto
  FROM failed
),
found AS (
  SELECT key_arn, principal, errorcode,
    min(CASE WHEN crypto THEN event_ts END) AS first_seen, max(CASE WHEN crypto THEN event_ts END) AS last_seen,
    CASE WHEN min(CASE WHEN crypto THEN eventname END) = max(CASE WHEN crypto THEN eventname END)
      THEN min(CASE WHEN crypto THEN eventname END) END AS operation
  FROM flagged
  GROUP BY key_arn, principal, errorcode
  HAVING count_if(crypto) > 0
)
SELECT
  x.key_arn AS keyArn, x.principal AS principal, x.errorcode AS errorCode,
  x.first_seen AS firstSeen, x.last_seen AS lastSeen, count(*) AS calls, x.operation AS operation
FROM found x
-- A call that names no key, or no caller, is a group of its own: '' stands for none on both sides.
JOIN flagged f ON coalesce(f.key_arn, '') = coalesce(x.key_arn, '') AND coalesce(f.principal, '') = coalesce(x.principal, '')
  AND f.errorcode = x.errorcode AND f.event_ts BETWEEN x.first_seen AND x.last_seen
  AND (x.operation IS NULL OR f.eventname = x.operation)
GROUP BY x.key_arn, x.principal, x.errorcode, x.first_seen, x.last_seen, x.operation
ORDER BY count(*) DESC
