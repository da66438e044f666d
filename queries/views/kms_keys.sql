-- kms_keys: every key the logs name, with when it was first and last seen, what CreateKey made (spec,
-- origin) and how many of its calls only an asymmetric or HMAC key answers: what says whether it can
-- rotate automatically (only symmetric keys with key material KMS made can: lib/server/data-rotation.ts),
-- and how many of its events were anything but NotFoundException (none: KMS never knew the key, a
-- mistyped or probed key id, so it is no key of the account's rotation or lifecycle).
-- shared_key: what it shares spec, origin and rotation with: a multi-Region (mrk-) key's primary and
-- replicas have one account and key id and differ only in Region; any other key is alone.
-- Athena: CREATE OR REPLACE VIEW kms_keys AS <this query> (npm run athena:ddl prints it).
-- DuckDB: a table rebuilt from this same text after every ingest (a rollup, so
-- "which keys exist" costs a few rows instead of a pass over every event).
-- Params: none.
WITH named AS (
  SELECT key_arn, event_ts,
    -- A failed Verify (the signature did not match), or a dry run that would have worked, still came
    -- from such a key; other failures (Sign on a symmetric key: InvalidKeyUsageException) say nothing.
    -- Not Encrypt/Decrypt's encryptionAlgorithm (RSA, SM2): parsing every call's request made this
    -- rollup ~15 s at 10M events instead of ~1 s.
    contains(ARRAY['Sign', 'Verify', 'GetPublicKey', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret'], eventname)
      AND (errorcode IS NULL OR errorcode IN ('KMSInvalidSignatureException', 'KMSInvalidMacException',
        'DryRunOperationException')) AS non_symmetric,
    errorcode IS DISTINCT FROM 'NotFoundException' AS found
  FROM kms_events
  WHERE key_arn IS NOT NULL
  UNION ALL
  -- A key a ReEncrypt wrote into is named by that call too.
  SELECT dest_key_arn, event_ts, false, errorcode IS DISTINCT FROM 'NotFoundException'
  FROM kms_events
  WHERE dest_key_arn IS NOT NULL
),
counted AS (
  SELECT key_arn, min(event_ts) AS first_seen, max(event_ts) AS last_seen, count(*) AS events,
    count_if(non_symmetric) AS non_symmetric_calls, count_if(found) AS found_events,
    coalesce(regexp_extract(key_arn, ':([0-9]{12}:key/mrk-[^:]*)$', 1), key_arn) AS shared_key
  FROM named
  GROUP BY key_arn
),
-- What CreateKey made; a key for imported material also shows by the calls only such a key takes
-- (when its CreateKey is older than the logs). A pass of its own: only these rows' requests are read.
-- Key spec and origin are shared by a multi-Region key's primary and replicas (AWS KMS API reference,
-- ReplicateKey), so they are read per shared key: a replica may have no CreateKey of its own in the
-- logs, and ReplicateKey (logged on the primary, in its Region) names the replica's spec and origin.
made AS (
  SELECT coalesce(regexp_extract(key_arn, ':([0-9]{12}:key/mrk-[^:]*)$', 1), key_arn) AS shared_key,
    -- A spec the logs name, else the default a CreateKey that names none made (not max() over both:
    -- 'SYMMETRIC_DEFAULT' would outrank a replica's primary's 'RSA_2048').
    coalesce(max(CASE WHEN eventname = 'CreateKey' THEN coalesce(json_extract_scalar(responseelements, '$.keyMetadata.keySpec'),
      json_extract_scalar(requestparameters, '$.keySpec'), json_extract_scalar(requestparameters, '$.customerMasterKeySpec'))
      WHEN eventname = 'ReplicateKey' THEN coalesce(json_extract_scalar(responseelements, '$.replicaKeyMetadata.keySpec'),
        json_extract_scalar(responseelements, '$.replicaKeyMetadata.customerMasterKeySpec')) END),
      max(CASE WHEN eventname = 'CreateKey' THEN 'SYMMETRIC_DEFAULT' END)) AS key_spec,
    max(CASE WHEN eventname = 'CreateKey' THEN coalesce(json_extract_scalar(responseelements, '$.keyMetadata.origin'),
      json_extract_scalar(requestparameters, '$.origin'), 'AWS_KMS')
      WHEN eventname = 'ReplicateKey' THEN json_extract_scalar(responseelements, '$.replicaKeyMetadata.origin')
      ELSE 'EXTERNAL' END) AS key_origin
  FROM kms_events
  WHERE errorcode IS NULL AND key_arn IS NOT NULL
    AND contains(ARRAY['CreateKey', 'ReplicateKey', 'GetParametersForImport', 'ImportKeyMaterial',
      'DeleteImportedKeyMaterial', 'DeleteExpiredKeyMaterial'], eventname)
  GROUP BY 1
)
SELECT c.key_arn, c.first_seen, c.last_seen, c.events, c.non_symmetric_calls, m.key_spec, m.key_origin, c.shared_key,
  c.found_events
FROM counted c
LEFT JOIN made m ON m.shared_key = c.shared_key
