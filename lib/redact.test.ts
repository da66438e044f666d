import { describe, expect, it } from 'vitest';
import { redact, secretValues } from './redact';

const env = {
  OIDC_CLIENT_SECRET: 'cl!ent/secret+1',
  KEYTRAIL_SESSION_SECRET: 'session-secret-0123456789abcdefghij',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2Vj',
  GITHUB_TOKEN: 'short', // too short to be a real secret: left alone
  KEYTRAIL_DB: 'data/keytrail.duckdb', // not a secret by name
  HOME: '/root',
};

describe('redact', () => {
  it('takes secrets from variables named like secrets, long enough to be real', () => {
    const values = secretValues(env);
    expect(values).toContain('cl!ent/secret+1');
    expect(values).toContain('session-secret-0123456789abcdefghij');
    expect(values).toContain('IQoJb3JpZ2luX2Vj');
    expect(values).not.toContain('short');
    expect(values).not.toContain('data/keytrail.duckdb');
  });

  it('removes each secret as is, URL-encoded and base64-encoded, and keeps the rest of the text', () => {
    const b64 = Buffer.from('cl!ent/secret+1').toString('base64');
    const text = `a cl!ent/secret+1 b cl!ent%2Fsecret%2B1 c ${b64} d data/keytrail.duckdb short`;
    expect(redact(text, env)).toBe('a [redacted] b [redacted] c [redacted] d data/keytrail.duckdb short');
  });

  it('removes credentials by their shape when they never were in the environment (AWS profiles, SSO)', () => {
    const canonical =
      'x-amz-date:20261128T000000Z\nx-amz-security-token:FwoGZXIvYXdzEXAMPLE/+=\nx-amz-target:AmazonAthena.StartQueryExecution';
    expect(redact(canonical, {})).toBe(
      'x-amz-date:20261128T000000Z\nx-amz-security-token:[redacted]\nx-amz-target:AmazonAthena.StartQueryExecution',
    );
    expect(redact('https://b.s3.amazonaws.com/k?X-Amz-Security-Token=FwoGZX%2Fabc&X-Amz-Date=1', {})).toBe(
      'https://b.s3.amazonaws.com/k?X-Amz-Security-Token=[redacted]&X-Amz-Date=1',
    );
    expect(redact('Authorization: Basic a2V5dHJhaWw6c2VjcmV0LXZhbHVl', {})).toBe('Authorization: Basic [redacted]');
    expect(redact('grant_type=authorization_code&client_secret=s3cr3t-value&code=x', {})).toBe(
      'grant_type=authorization_code&client_secret=[redacted]&code=x',
    );
    expect(redact('{"access_token":"eyJhbGciOi.x.y","token_type":"Bearer"}', {})).toBe(
      '{"access_token":"[redacted]","token_type":"Bearer"}',
    );
  });

  it('leaves ordinary error text alone', () => {
    const text = 'Access denied: check the IAM policy of the AWS credentials KeyTrail runs with (Athena, Glue, and S3).';
    expect(redact(text, env)).toBe(text);
  });
});
