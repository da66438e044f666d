-- kms_keys: every key the logs name, with when it was first and last seen, what CreateKey made (spec,
-- origin) and how many of its calls only an asymmetric or HMAC key answers: what says whether it can
-- rotate automatically (only symmetric keys with key material KMS made can: lib/server/data-rotation.ts).
-- Athena: CREATE OR REPLACE VIEW kms_keys AS <this query> (npm run athena:ddl prints it).
-- DuckDB: a table rebuilt from this same text after every ingest (a rollup, so
-- "which keys exist" costs a few rows instead of a pass over every event).
-- Params: none.
WITH named AS (
  SELECT key_arn, event_ts,
    -- A failed Verify (the signature did not match), or a dry run that would have worked, still came
    -- from such a key; other failures (Sign on a symmetric key: InvalidKeyUsageException) say nothing.
    (contains(ARRAY['Sign', 'Verify', 'GetPublicKey', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret'], eventname)
      -- An RSA or SM2 encryption key: CloudTrail always logs the algorithm of an Encrypt or Decrypt.
      OR (contains(ARRAY['Encrypt', 'Decrypt'], eventname) AND json_extract_scalar(requestparameters,
        '$.encryptionAlgorithm') <> 'SYMMETRIC_DEFAULT') OR (eventname = 'ReEncrypt'
        AND json_extract_scalar(requestparameters, '$.sourceEncryptionAlgorithm') <> 'SYMMETRIC_DEFAULT'))
      AND (errorcode IS NULL OR errorcode IN ('KMSInvalidSignatureException', 'KMSInvalidMacException',
        'DryRunOperationException')) AS non_symmetric,
    CASE WHEN eventname = 'CreateKey' AND errorcode IS NULL THEN coalesce(
      json_extract_scalar(responseelements, '$.keyMetadata.keySpec'), json_extract_scalar(requestparameters, '$.keySpec'),
      json_extract_scalar(requestparameters, '$.customerMasterKeySpec'), 'SYMMETRIC_DEFAULT') END AS key_spec,
    CASE WHEN errorcode IS NOT NULL THEN NULL
      WHEN eventname = 'CreateKey' THEN coalesce(json_extract_scalar(responseelements, '$.keyMetadata.origin'),
        json_extract_scalar(requestparameters, '$.origin'), 'AWS_KMS')
      -- Only a key for imported material takes these (when its CreateKey is older than the logs).
      WHEN contains(ARRAY['GetParametersForImport', 'ImportKeyMaterial', 'DeleteImportedKeyMaterial',
        'DeleteExpiredKeyMaterial'], eventname) THEN 'EXTERNAL' END AS key_origin
  FROM kms_events
  WHERE key_arn IS NOT NULL
  UNION ALL
  -- A key a ReEncrypt wrote into is named by that call too (asymmetric if it encrypted that way).
  SELECT dest_key_arn, event_ts, coalesce(errorcode IS NULL AND json_extract_scalar(requestparameters,
    '$.destinationEncryptionAlgorithm') <> 'SYMMETRIC_DEFAULT', false), NULL, NULL
  FROM kms_events
  WHERE dest_key_arn IS NOT NULL
)
SELECT
  key_arn,
  min(event_ts) AS first_seen,
  max(event_ts) AS last_seen,
  count(*) AS events,
  count_if(non_symmetric) AS non_symmetric_calls,
  max(key_spec) AS key_spec,
  max(key_origin) AS key_origin
FROM named
GROUP BY key_arn
