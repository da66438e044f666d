import { describe, expect, it } from 'vitest';
import { accessKeyKind, eventSummary } from './event-summary';
import { readAllRecords, REAL_LOGS } from './test/fixtures';
import { kmsRecord } from './test/fixtures';

describe('eventSummary', () => {
  it('reads what was called, by whom, from where, and that it worked', () => {
    const s = eventSummary(JSON.stringify(kmsRecord()));
    expect(s).toMatchObject({
      eventTime: '2026-11-20T12:00:00Z',
      eventName: 'Decrypt',
      errorCode: null,
      errorMessage: null,
      identityType: 'AssumedRole',
      identityArn: 'arn:aws:sts::111122223333:assumed-role/AppRole/app-session',
      session: 'app-session',
      invokedBy: null,
      principalAccount: '111122223333',
      sourceIp: '203.0.113.10',
      userAgent: 'aws-sdk-go-v2/1.30.0',
      region: 'us-east-1',
      account: '111122223333',
    });
  });

  it('reads a failure, a service acting for the principal and a federated session', () => {
    const s = eventSummary(
      JSON.stringify(
        kmsRecord({
          errorCode: 'AccessDenied',
          errorMessage: 'User is not authorized',
          userIdentity: {
            type: 'FederatedUser',
            arn: 'arn:aws:sts::111122223333:federated-user/alice',
            accountId: '111122223333',
            invokedBy: 's3.amazonaws.com',
          },
        }),
      ),
    );
    expect(s).toMatchObject({
      errorCode: 'AccessDenied',
      errorMessage: 'User is not authorized',
      identityType: 'FederatedUser',
      session: 'alice',
      invokedBy: 's3.amazonaws.com',
    });
  });

  it('keeps caller-written markup as the plain string it is', () => {
    const ua = '<img src=x onerror="window.__xss=1">';
    expect(eventSummary(JSON.stringify(kmsRecord({ userAgent: ua })))?.userAgent).toBe(ua);
  });

  it('reads a field of the wrong type as absent, and text that is no JSON object as no summary', () => {
    const s = eventSummary(JSON.stringify(kmsRecord({ userAgent: { toString: 'x' }, errorCode: ['A'], userIdentity: 'root' })));
    expect(s?.userAgent).toBeNull();
    expect(s?.errorCode).toBeNull();
    expect(s?.identityType).toBeNull();
    expect(s?.eventName).toBe('Decrypt');
    expect(eventSummary(null)).toBeNull();
    expect(eventSummary('{"Records":')).toBeNull();
    expect(eventSummary('[1,2]')).toBeNull();
    expect(eventSummary('"text"')).toBeNull();
  });

  it("reads the call's credentials: access key, MFA, console sign-in", () => {
    // A real record (the public Stratus trail): an IAM user's temporary key, without MFA.
    const real = readAllRecords(REAL_LOGS).find(({ record: r }) => r.eventSource === 'kms.amazonaws.com')!.record;
    expect(eventSummary(JSON.stringify(real))).toMatchObject({
      accessKeyId: 'ASIATFQR7NSC4TIW5GWC',
      mfaAuthenticated: false,
      fromConsole: false,
    });
    const signedIn = kmsRecord({
      sessionCredentialFromConsole: 'true',
      userIdentity: { type: 'AssumedRole', accessKeyId: 'ASIAEXAMPLE', sessionContext: { attributes: { mfaAuthenticated: 'true' } } },
    });
    expect(eventSummary(JSON.stringify(signedIn))).toMatchObject({ accessKeyId: 'ASIAEXAMPLE', mfaAuthenticated: true, fromConsole: true });
    // A record that says nothing of MFA (an AWS service's call) reads as unknown, not as "no".
    const service = kmsRecord({ userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' } });
    expect(eventSummary(JSON.stringify(service))).toMatchObject({ accessKeyId: null, mfaAuthenticated: null, fromConsole: false });
  });

  it('reads the encryption contexts a request names: the call’s, ReEncrypt’s two, a grant’s constraint', () => {
    const ctx = (requestParameters: unknown) => eventSummary(JSON.stringify(kmsRecord({ requestParameters })))?.contexts;
    expect(ctx({ encryptionContext: { SecretARN: 'arn:aws:secretsmanager:us-east-1:1:secret:x', SecretVersionId: 'v1' } })).toEqual([
      {
        label: 'the call’s',
        pairs: [
          ['SecretARN', 'arn:aws:secretsmanager:us-east-1:1:secret:x'],
          ['SecretVersionId', 'v1'],
        ],
      },
    ]);
    expect(ctx({ sourceEncryptionContext: { a: '1' }, destinationEncryptionContext: { b: '2' } })).toEqual([
      { label: 'source (decrypted under)', pairs: [['a', '1']] },
      { label: 'destination (encrypted under)', pairs: [['b', '2']] },
    ]);
    expect(ctx({ constraints: { encryptionContextSubset: { tenant: 't-1' } }, operations: ['Decrypt'] })).toEqual([
      { label: 'grant constraint: context must include', pairs: [['tenant', 't-1']] },
    ]);
    // None, empty, or not an object: nothing to show.
    for (const p of [{ keyId: 'k' }, { encryptionContext: {} }, { encryptionContext: 'x' }, null]) expect(ctx(p)).toEqual([]);
    // The real Stratus trail: SSM's Decrypt names the parameter it protects.
    const ssm = readAllRecords(REAL_LOGS)
      .map((r) => r.record)
      .find((r) => r.eventName === 'Decrypt' && JSON.stringify(r.requestParameters).includes('PARAMETER_ARN'));
    expect(eventSummary(JSON.stringify(ssm))?.contexts[0].pairs[0]).toEqual([
      'PARAMETER_ARN',
      expect.stringMatching(/^arn:aws:ssm:us-east-1:\d{12}:parameter\//),
    ]);
  });

  it('tells long-term keys from temporary ones by their prefix', () => {
    expect(accessKeyKind('AKIAIOSFODNN7EXAMPLE')).toBe('long-term');
    expect(accessKeyKind('ASIATFQR7NSC4TIW5GWC')).toBe('temporary (STS)');
    expect(accessKeyKind('EXAMPLEKEY')).toBeNull();
  });
});
