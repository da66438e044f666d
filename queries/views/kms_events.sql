-- kms_events: one row per KMS event, with the columns every dashboard query needs.
-- Athena: the kms_events view (npm run athena:ddl prints it). DuckDB: ingest stores it per batch.
-- Params: none.
-- key_arn, the first found: an alias change's target; a resources[] key ARN (untyped in old records; never an alias
-- ARN); keyId as key ARN or id; CreateKey's response; a key ARN in errorMessage. key_ref: an alias given as keyId
-- (resolved after ingest). alias_name + key_arn: alias evidence (AWS-managed: no CreateAlias).
WITH base AS (
  SELECT *,
    json_extract_scalar(requestparameters, '$.keyId') AS kid,
    json_extract_scalar(requestparameters, '$.targetKeyId') AS target_kid,
    json_extract_scalar(requestparameters, '$.destinationKeyId') AS dest_kid,
    -- A bare key id (only if shaped as one: a UUID, or mrk- and 32 hex; "my-key" or "" names no key) or alias name
    -- as an ARN: the caller's partition (by its region's prefix), region and account, then the id or name.
    'arn:' || CASE regexp_extract(awsregion, '^(cn|us-gov|us-iso[bf]?|eu-isoe|eusc)-', 1)
      WHEN 'cn' THEN 'aws-cn' WHEN 'us-gov' THEN 'aws-us-gov' WHEN 'us-iso' THEN 'aws-iso' WHEN 'us-isob' THEN 'aws-iso-b'
      WHEN 'us-isof' THEN 'aws-iso-f' WHEN 'eu-isoe' THEN 'aws-iso-e' WHEN 'eusc' THEN 'aws-eusc' ELSE 'aws' END
      || ':kms:' || awsregion || ':' || coalesce(nullif(useridentity.accountid, ''), recipientaccountid) || ':' AS arn_prefix,
    filter(resources, r -> coalesce(r.type, 'AWS::KMS::Key') = 'AWS::KMS::Key'
      AND regexp_like(r.arn, '^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/')) AS res_keys, -- ReEncrypt: source, destination
    -- The caller's names, an empty string as none (records write "" for a field they leave out).
    nullif(useridentity.arn, '') AS uid_arn, nullif(useridentity.principalid, '') AS uid_pid,
    nullif(useridentity.accountid, '') AS uid_account, nullif(useridentity.invokedby, '') AS uid_by,
    -- On the key owner's copy of a cross-account call (one sharedEventID): the caller's account.
    CASE WHEN sharedeventid IS NOT NULL THEN nullif(nullif(useridentity.accountid, ''), recipientaccountid) END AS caller_copy_account
  FROM cloudtrail_logs
  WHERE eventsource = 'kms.amazonaws.com'
    -- A VPC endpoint's copy (AwsVpceEvent) of a call logged as such; its own denials have no twin.
    AND (coalesce(eventtype, '') <> 'AwsVpceEvent' OR errorcode = 'VpceAccessDenied')
)
SELECT
  eventversion, useridentity, eventtime, eventsource, eventname, awsregion, sourceipaddress, useragent, errorcode,
  errormessage, requestparameters, responseelements, additionaleventdata, requestid, eventid, resources, eventtype,
  apiversion, readonly, recipientaccountid, serviceeventdetails, sharedeventid, vpcendpointid, vpcendpointaccountid,
  eventcategory, addendum, sessioncredentialfromconsole, edgedevicedetails, tlsdetails, "timestamp", caller_copy_account,
  -- The delivery file the record came from: the raw record is read back from it on demand.
  "$path" AS source_file,
  from_iso8601_timestamp(eventtime) AS event_ts,
  recipientaccountid AS event_account,
  awsregion AS event_region,
  coalesce(CASE WHEN eventname IN ('CreateAlias', 'UpdateAlias') THEN CASE
      WHEN regexp_like(target_kid, '^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/') THEN target_kid
      WHEN regexp_like(target_kid, '^([0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})$')
        THEN arn_prefix || 'key/' || target_kid END END,
    element_at(res_keys, 1).arn,
    CASE WHEN regexp_like(kid, '^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/') THEN kid
      WHEN regexp_like(kid, '^([0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})$')
        THEN arn_prefix || 'key/' || kid END,
    json_extract_scalar(responseelements, '$.keyMetadata.arn'),
    regexp_extract(errormessage, 'arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+')) AS key_arn,
  -- ReEncrypt counts under its destination key too (NULL if that is its source: resources[1] or the error's).
  CASE WHEN eventname = 'ReEncrypt' THEN nullif(coalesce(element_at(res_keys, 2).arn,
    CASE WHEN regexp_like(dest_kid, '^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/') THEN dest_kid
      WHEN regexp_like(dest_kid, '^([0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})$')
        THEN arn_prefix || 'key/' || dest_kid END),
    coalesce(element_at(res_keys, 1).arn, regexp_extract(errormessage, 'arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+')))
  END AS dest_key_arn,
  CASE WHEN regexp_like(kid, '^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:alias/') THEN kid
    WHEN kid LIKE 'alias/%' THEN arn_prefix || kid END AS key_ref,
  CASE -- A session counts under its role; from another account, read off its ARN (no sessionContext).
    WHEN useridentity.type = 'AssumedRole'
      THEN coalesce(nullif(useridentity.sessioncontext.sessionissuer.arn, ''), replace(replace(
        regexp_extract(uid_arn, '^arn:[a-z-]+:sts::[0-9]{12}:assumed-role/[^/]+'),
        ':sts::', ':iam::'), ':assumed-role/', ':role/'), uid_arn, uid_pid)
    -- Identity Center users have no ARN; SAML, web identity, Unknown: principal id before account.
    WHEN useridentity.type = 'IdentityCenterUser' THEN coalesce(uid_arn, nullif(useridentity.onbehalfof.identitystorearn
      || '/user/' || useridentity.onbehalfof.userid, '/user/'), uid_pid, uid_account)
    WHEN useridentity.type = 'AWSService' THEN coalesce(uid_by, uid_pid, uid_account)
    WHEN useridentity.type = 'AWSAccount' THEN uid_account
    -- IAM users, root, a FederatedUser (its own principal: its federated-user ARN, as policies name it), …
    ELSE coalesce(uid_arn, uid_by, uid_pid, uid_account) END AS principal,
  coalesce(useridentity.type, CASE WHEN eventtype = 'AwsServiceEvent' THEN 'AWSServiceEvent' END) AS principal_type,
  CASE WHEN useridentity.type = 'AssumedRole' THEN uid_arn END AS session_arn,
  -- access-denied | key-state | integrity | throttling | other; NULL: no failure (nor a dry run that would have worked).
  CASE WHEN errorcode IS NULL OR errorcode = 'DryRunOperationException' THEN NULL
    WHEN errorcode LIKE '%AccessDenied%' OR errorcode LIKE '%UnauthorizedOperation%' THEN 'access-denied' -- Vpce… too
    -- KMS rejected a ciphertext (tampered; wrong key or context), a signature or a MAC: tampering or probing
    -- (not ImportKeyMaterial's InvalidCiphertextException: key material it could not unwrap, key-state below).
    WHEN errorcode IN ('IncorrectKeyException', 'KMSInvalidSignatureException', 'KMSInvalidMacException')
      OR (errorcode = 'InvalidCiphertextException' AND eventname <> 'ImportKeyMaterial') THEN 'integrity'
    WHEN errorcode IN ('KMSInvalidStateException', 'DisabledException', 'NotFoundException',
      'InvalidCiphertextException', 'KeyUnavailableException') THEN 'key-state' -- InvalidKeyUsage…: other (the caller's)
    WHEN errorcode LIKE '%Throttl%' THEN 'throttling'
    ELSE 'other' END AS error_class,
  -- The alias this event names: set by alias changes, or used as keyId.
  CASE WHEN eventname IN ('CreateAlias', 'UpdateAlias', 'DeleteAlias') THEN json_extract_scalar(requestparameters, '$.aliasName')
    WHEN regexp_like(kid, '(^|:)alias/') THEN regexp_extract(kid, 'alias/.*$') END AS alias_name,
  -- The caller's encryption context (what the data was: an S3 object, a secret…) as JSON text; not ReEncrypt's two.
  nullif(nullif(json_format(json_extract(requestparameters, '$.encryptionContext')), 'null'), '{}') AS encryption_context,
  -- The secret or SSM parameter it names (a secret's versions are one): what secret_sweep.sql counts.
  coalesce(json_extract_scalar(requestparameters, '$.encryptionContext.SecretARN'),
    json_extract_scalar(requestparameters, '$.encryptionContext.PARAMETER_ARN')) AS context_item
FROM base
