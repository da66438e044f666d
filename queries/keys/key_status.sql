-- key_status: each key's state as of `to`, from its latest state-changing events (rotation and its evidence, the last
-- rotation, disabled, deletion, key material), and what CreateKey made. NULL: no evidence. Unbounded below on purpose
-- (a key disabled a year ago still is). Every key seen up to `to` gets a row (kms_keys), unused ones too.
-- Params (in order):
--   1 partition_to  varchar  'yyyy/MM/dd', the day after `to`
--   2,3 to          varchar  ISO-8601 UTC, exclusive (3: for the list of keys)
-- Rows: keyArn, rotationEnabled, rotationEvidence, rotationEvidenceAt, rotationEvidenceKeyArn (the key it was logged
--       on), rotationChangedAt, rotationChangedBy, rotationPeriodDays, lastRotated, lastAutoRotated, lastRotationType,
--       disabled, pendingDeletion, deletionDate (while pending), deleted, deletedAt, pendingImport, materialValidTo (the
--       latest import's expiry when it has one: KMS deletes the material then; CloudTrail's text, as deletionDate),
--       unusableSince (the current unusable spell's start), createdAt, keySpec, keyOrigin, nonSymmetricCalls, firstSeen,
--       sharedKey, foundEvents
WITH changes AS (
  SELECT key_arn, eventname, event_ts, principal, requestparameters, responseelements,
    coalesce(regexp_extract(key_arn, ':([0-9]{12}:key/mrk-[^:]*)$', 1), key_arn) AS shared_key,
    -- Older RotateKey records have no rotationType: they were all automatic.
    coalesce(json_extract_scalar(serviceeventdetails, '$.rotationType'), 'AUTOMATIC') AS rotation_type,
    -- Takes the key out of use (1) or puts it back (0). A cancelled deletion leaves it disabled.
    CASE WHEN eventname IN ('DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'DeleteKey') THEN 1
      WHEN eventname = 'EnableKey' THEN 0 END AS off,
    -- Takes its key material away (1: deleted, expired, or created without it) or brings it back (0).
    CASE WHEN eventname IN ('DeleteImportedKeyMaterial', 'DeleteExpiredKeyMaterial')
      OR (eventname = 'CreateKey' AND json_extract_scalar(requestparameters, '$.origin') = 'EXTERNAL') THEN 1
      WHEN eventname = 'ImportKeyMaterial' THEN 0 END AS material_lost,
    coalesce(json_extract_scalar(requestparameters, '$.keyMaterialId'), json_extract_scalar(responseelements,
      '$.keyMaterialId'), json_extract_scalar(serviceeventdetails, '$.keyMaterialId')) AS material_id,
    json_extract_scalar(requestparameters, '$.importType') = 'NEW_KEY_MATERIAL' AS new_material,
    -- Within one second (CloudTrail's precision), the order AWS forces: disabled, scheduled for deletion, cancelled,
    -- enabled, deleted; material lost before imported again; rotated before turned off.
    CAST(to_unixtime(event_ts) * 1000 AS bigint) * 10 + CASE
      WHEN eventname IN ('ScheduleKeyDeletion', 'DisableKeyRotation') THEN 1 WHEN eventname = 'CancelKeyDeletion' THEN 2
      WHEN eventname IN ('EnableKey', 'ImportKeyMaterial') THEN 3 WHEN eventname = 'DeleteKey' THEN 4 ELSE 0 END AS seq
  -- The successful state changes of keys (kms_key_changes.sql): a few rows, not a pass over every event.
  FROM kms_key_changes
  WHERE "timestamp" <= ?
    AND event_ts < from_iso8601_timestamp(?)
),
materials AS (
  -- New material for an on-demand rotation (importType NEW_KEY_MATERIAL after the first import) is pending until the
  -- next RotateKeyOnDemand: it brings nothing back, its loss (by keyMaterialId) takes nothing away (AWS KMS guide).
  SELECT *, CASE WHEN new_material AND seq > first_import THEN NULL WHEN material_lost = 1 AND material_id IS NOT NULL
      AND new_import > first_import AND new_import > coalesce(on_demand, 0) THEN NULL ELSE material_lost END AS lost,
    -- Whether automatic rotation is on: turned on or off, or an automatic rotation (only while on; not on demand).
    CASE WHEN eventname IN ('EnableKeyRotation', 'DisableKeyRotation')
      OR (eventname = 'RotateKey' AND rotation_type = 'AUTOMATIC') THEN seq END AS setting_seq,
    CASE WHEN eventname IN ('EnableKeyRotation', 'DisableKeyRotation') THEN seq END AS change_seq,
    CASE WHEN eventname IN ('RotateKey', 'RotateKeyOnDemand') THEN seq END AS rotated_seq,
    CASE WHEN eventname IN ('ScheduleKeyDeletion', 'CancelKeyDeletion', 'DeleteKey') THEN seq END AS deletion_seq
  FROM (SELECT *, min(CASE WHEN eventname = 'ImportKeyMaterial' THEN seq END) OVER (PARTITION BY key_arn) AS first_import,
      max(CASE WHEN new_material THEN seq END) OVER (PARTITION BY key_arn, material_id ORDER BY seq) AS new_import,
      max(CASE WHEN eventname = 'RotateKeyOnDemand' THEN seq END) OVER (PARTITION BY key_arn ORDER BY seq) AS on_demand
    FROM changes) AS c
),
spells AS (
  -- Usable after this event: neither the latest `off` nor the latest `lost` so far is 1 (seq * 2 + flag: the running
  -- max is the latest such event, its last bit the flag). The current unusable spell began at the first event that
  -- took the key out of use after it was last usable; a deleted key stays in it (calls up to its deletion still count).
  SELECT *, max(CASE WHEN usable THEN seq END) OVER (PARTITION BY key_arn) AS usable_seq
  FROM (SELECT *, coalesce(max(seq * 2 + off) OVER (PARTITION BY key_arn ORDER BY seq) % 2, 0)
      + coalesce(max(seq * 2 + lost) OVER (PARTITION BY key_arn ORDER BY seq) % 2, 0) = 0 AS usable FROM materials) AS u
)
SELECT k.key_arn AS keyArn,
  max_by(eventname <> 'DisableKeyRotation', setting_seq) AS rotationEnabled,
  max_by(eventname, setting_seq) AS rotationEvidence, max_by(event_ts, setting_seq) AS rotationEvidenceAt,
  max_by(s.key_arn, setting_seq) AS rotationEvidenceKeyArn, max_by(event_ts, change_seq) AS rotationChangedAt,
  -- max_by's value is never NULL here: DuckDB skips rows whose value is NULL, Trino does not.
  nullif(max_by(coalesce(principal, ''), change_seq), '') AS rotationChangedBy,
  -- While the latest change turned rotation on; without a period (and before periods existed), yearly.
  CASE WHEN max_by(eventname, change_seq) = 'EnableKeyRotation' THEN max_by(coalesce(CAST(
    json_extract_scalar(requestparameters, '$.rotationPeriodInDays') AS integer), 365), change_seq) END AS rotationPeriodDays,
  max_by(event_ts, rotated_seq) AS lastRotated,
  max(CASE WHEN eventname = 'RotateKey' AND rotation_type = 'AUTOMATIC' THEN event_ts END) AS lastAutoRotated,
  max_by(CASE WHEN eventname = 'RotateKeyOnDemand' THEN 'ON_DEMAND' ELSE rotation_type END, rotated_seq) AS lastRotationType,
  -- The latest of these decides; a deleted key is neither disabled nor pending import.
  coalesce(max_by(eventname, CASE WHEN eventname IN ('DisableKey', 'CancelKeyDeletion', 'EnableKey', 'DeleteKey')
    THEN seq END) IN ('DisableKey', 'CancelKeyDeletion'), false) AS disabled,
  coalesce(max_by(eventname, deletion_seq) = 'ScheduleKeyDeletion', false) AS pendingDeletion,
  CASE WHEN max_by(eventname, deletion_seq) = 'ScheduleKeyDeletion' THEN nullif(max_by(coalesce(json_extract_scalar(
    responseelements, '$.deletionDate'), ''), CASE WHEN eventname = 'ScheduleKeyDeletion' THEN seq END), '') END AS deletionDate,
  coalesce(max_by(eventname, deletion_seq) = 'DeleteKey', false) AS deleted,
  max(CASE WHEN eventname = 'DeleteKey' THEN event_ts END) AS deletedAt,
  coalesce(max_by(coalesce(lost, 0), CASE WHEN lost IS NOT NULL OR eventname = 'DeleteKey' THEN seq END) = 1, false) AS pendingImport,
  nullif(max_by(CASE WHEN json_extract_scalar(requestparameters, '$.expirationModel') = 'KEY_MATERIAL_EXPIRES' THEN coalesce(
    json_extract_scalar(requestparameters, '$.validTo'), '') ELSE '' END, CASE WHEN eventname = 'ImportKeyMaterial' THEN seq END), '') AS materialValidTo,
  min(CASE WHEN (off = 1 OR lost = 1) AND seq > coalesce(usable_seq, 0) THEN event_ts END) AS unusableSince,
  max(CASE WHEN eventname = 'CreateKey' THEN event_ts END) AS createdAt, max(k.key_spec) AS keySpec, max(k.key_origin) AS keyOrigin,
  max(k.non_symmetric_calls) AS nonSymmetricCalls, max(k.first_seen) AS firstSeen, max(k.shared_key) AS sharedKey, max(k.found_events) AS foundEvents
FROM kms_keys k
-- Its own events, and the rotation events of every key with its shared_key (a multi-Region key's account and key id):
-- rotation is set on the primary only, shared with its replicas (AWS KMS API reference, ReplicateKey); no state flags.
LEFT JOIN spells s ON s.shared_key = k.shared_key
  AND (s.key_arn = k.key_arn OR s.setting_seq IS NOT NULL OR s.rotated_seq IS NOT NULL)
WHERE k.first_seen < from_iso8601_timestamp(?)
GROUP BY k.key_arn
