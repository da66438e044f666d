/**
 * Every AWS KMS API operation (the API reference's actions) and the service events KMS logs
 * itself (eventType AwsServiceEvent): the names CloudTrail writes in eventName. The events filter
 * suggests them and fixes the case of one typed ("decrypt" → "Decrypt"), since eventName matches
 * exactly. A name not listed here (a new API) is still accepted as typed.
 */
export const KMS_OPERATIONS = [
  'CancelKeyDeletion',
  'ConnectCustomKeyStore',
  'CreateAlias',
  'CreateCustomKeyStore',
  'CreateGrant',
  'CreateKey',
  'Decrypt',
  'DeleteAlias',
  'DeleteCustomKeyStore',
  'DeleteImportedKeyMaterial',
  'DeriveSharedSecret',
  'DescribeCustomKeyStores',
  'DescribeKey',
  'DisableKey',
  'DisableKeyRotation',
  'DisconnectCustomKeyStore',
  'EnableKey',
  'EnableKeyRotation',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateMac',
  'GenerateRandom',
  'GetKeyPolicy',
  'GetKeyRotationStatus',
  'GetParametersForImport',
  'GetPublicKey',
  'ImportKeyMaterial',
  'ListAliases',
  'ListGrants',
  'ListKeyPolicies',
  'ListKeyRotations',
  'ListKeys',
  'ListResourceTags',
  'ListRetirableGrants',
  'PutKeyPolicy',
  'ReEncrypt',
  'ReplicateKey',
  'RetireGrant',
  'RevokeGrant',
  'RotateKeyOnDemand',
  'ScheduleKeyDeletion',
  'Sign',
  'TagResource',
  'UntagResource',
  'UpdateAlias',
  'UpdateCustomKeyStore',
  'UpdateKeyDescription',
  'UpdatePrimaryRegion',
  'Verify',
  'VerifyMac',
  // Service events.
  'RotateKey',
  'DeleteKey',
  'DeleteExpiredKeyMaterial',
  'SynchronizeMultiRegionKey',
] as const;

const BY_LOWER = new Map<string, string>(KMS_OPERATIONS.map((o) => [o.toLowerCase(), o]));

/** The operation's name as CloudTrail writes it, when `typed` is one in another case; else `typed`. */
export function canonicalOperation(typed: string): string {
  return BY_LOWER.get(typed.trim().toLowerCase()) ?? typed;
}
