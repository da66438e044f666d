-- unusable_key_calls: cryptographic calls that failed because the key is disabled, pending deletion or
-- without its key material: someone still depends on a key that is going away. Not the key's own
-- management (a CancelKeyDeletion of a key not pending deletion fails the same way, on a healthy key).
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
-- Rows: keyArn, principal, errorCode, firstSeen, lastSeen, calls, operation (the one operation they were, else NULL:
--       what the drill-down filters on, so it lists exactly these calls when it can)
WITH failed AS (
  SELECT key_arn, principal, errorcode, event_ts, eventname
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND errorcode IN ('DisabledException', 'KMSInvalidStateException')
    -- The operations that use the key's material (as keys_overview's lastCryptoUse).
    AND contains(ARRAY['Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
      'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac',
      'DeriveSharedSecret', 'GetPublicKey'], eventname)
)
SELECT
  key_arn AS keyArn, principal AS principal, errorcode AS errorCode,
  min(event_ts) AS firstSeen, max(event_ts) AS lastSeen, count(*) AS calls,
  CASE WHEN min(eventname) = max(eventname) THEN min(eventname) END AS operation
FROM failed
GROUP BY key_arn, principal, errorcode
ORDER BY count(*) DESC
