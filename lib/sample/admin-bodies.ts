import { javaDate } from './format';
import { keyArn, roleArn, type SampleKey } from './scenario';

/** Request and response bodies of the planted management calls, as KMS logs them. */

/** Rotation periods set by EnableKeyRotation (undefined: the parameter is left out, i.e. 365 days). */
export const ROTATION_PERIOD: Record<string, number | undefined> = {
  'app-data': 365,
  payments: 180,
  sessions: undefined,
  'eu-app-data': 90,
  'staging-app': 365,
  'staging-ci': undefined,
  'shared-secrets': 365,
  'audit-logs': 365,
  'sap-hr': 180,
};

export const createKeyRequest = () => ({
  keyUsage: 'ENCRYPT_DECRYPT',
  keySpec: 'SYMMETRIC_DEFAULT',
  description: 'Monthly reports',
  origin: 'AWS_KMS',
  bypassPolicyLockoutSafetyCheck: false,
  multiRegion: false,
  tags: [{ tagKey: 'team', tagValue: 'reporting' }],
});

/** CreateKey's responseElements (note KMS's own casing of `aWSAccountId`). */
export const createKeyResponse = (key: SampleKey, t: number) => ({
  keyMetadata: {
    aWSAccountId: key.account,
    keyId: key.id,
    arn: keyArn(key),
    creationDate: javaDate(t),
    enabled: true,
    description: 'Monthly reports',
    keyUsage: 'ENCRYPT_DECRYPT',
    keyState: 'Enabled',
    origin: 'AWS_KMS',
    keyManager: 'CUSTOMER',
    customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    keySpec: 'SYMMETRIC_DEFAULT',
    encryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    multiRegion: false,
  },
});

/** The key policy PutKeyPolicy sets (PutKeyPolicy logs it as a JSON string). */
export const keyPolicy = (key: SampleKey) => ({
  Version: '2012-10-17',
  Id: `key-policy-${key.name}`,
  Statement: [
    { Sid: 'Enable IAM policies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${key.account}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: `Allow use by ${key.name}`,
      Effect: 'Allow',
      Principal: { AWS: roleArn(key.account, 'PaymentsRole') },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    },
  ],
});
