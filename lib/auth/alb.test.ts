import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAlbHeader } from './alb';

/** The ALB's x-amzn-oidc-data header is verified, never trusted. */
const ARN = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/keytrail/abc';
let pem: string;
let priv: CryptoKey;
let other: CryptoKey;
const fetched: string[] = [];
const fetchImpl = (async (url: string | URL | Request) => {
  fetched.push(String(url));
  return String(url).endsWith('/kid-1') ? new Response(pem) : new Response('no', { status: 404 });
}) as typeof fetch;
const opts = { region: 'eu-west-1', albArn: ARN, keyUrl: 'https://public-keys.auth.elb.{region}.amazonaws.com/{kid}', fetchImpl };

async function albToken(
  o: { kid?: string; signer?: string; exp?: string; key?: CryptoKey; pad?: boolean; claims?: Record<string, unknown> } = {},
) {
  const jwt = await new SignJWT({ email: 'alice@example.com', name: 'Alice', ...o.claims })
    .setProtectedHeader({ alg: 'ES256', kid: o.kid ?? 'kid-1', signer: o.signer ?? ARN, typ: 'JWT' })
    .setSubject('user-123')
    .setExpirationTime(o.exp ?? '2m')
    .sign(o.key ?? priv);
  // Like the ALB, pad each segment with '='.
  return o.pad === false
    ? jwt
    : jwt
        .split('.')
        .map((s) => s + '='.repeat((4 - (s.length % 4)) % 4))
        .join('.');
}

beforeAll(async () => {
  const kp = await generateKeyPair('ES256', { extractable: true });
  priv = kp.privateKey;
  pem = await exportSPKI(kp.publicKey);
  other = (await generateKeyPair('ES256')).privateKey;
});

describe('ALB header verification', () => {
  it('accepts a token signed by the ALB key for the region, padding and all', async () => {
    expect(await verifyAlbHeader(await albToken(), opts)).toEqual({
      sub: 'user-123',
      email: 'alice@example.com',
      name: 'Alice',
      groups: undefined,
    });
    expect(fetched[0]).toBe('https://public-keys.auth.elb.eu-west-1.amazonaws.com/kid-1');
  });

  it("passes on the provider's email_verified, which the allow-list reads (identity.ts)", async () => {
    expect((await verifyAlbHeader(await albToken({ claims: { email_verified: 'false' } }), opts))?.emailVerified).toBe(false);
    expect((await verifyAlbHeader(await albToken({ claims: { email_verified: true } }), opts))?.emailVerified).toBe(true);
  });

  it.each([
    ['no header', async () => null],
    ['another key', async () => albToken({ key: other })],
    ['another load balancer', async () => albToken({ signer: 'arn:aws:elasticloadbalancing:eu-west-1:999:loadbalancer/app/evil/x' })],
    ['an unknown key id', async () => albToken({ kid: 'kid-2' })],
    ['an expired token', async () => albToken({ exp: '-1m' })],
    [
      'a forged payload',
      async () => {
        const [h, , s] = (await albToken()).split('.');
        return [h, Buffer.from(JSON.stringify({ sub: 'admin', exp: 9e9 })).toString('base64url'), s].join('.');
      },
    ],
    ['a path-traversal key id', async () => albToken({ kid: '../../etc/passwd' })],
    ['garbage', async () => 'not.a.jwt'],
  ])('rejects %s', async (_name, make) => {
    expect(await verifyAlbHeader(await make(), opts)).toBeNull();
  });
});

describe('the load balancer ARN', () => {
  it('is required in ALB mode: the Region key signs every ALB there, so the signer is what says the claims are ours', async () => {
    const { authConfig } = await import('./config');
    expect(() => authConfig({ KEYTRAIL_AUTH: 'alb', KEYTRAIL_ALB_REGION: 'eu-west-1' })).toThrow(/KEYTRAIL_ALB_ARN/);
    // Without one, even a well-signed token is refused.
    expect(await verifyAlbHeader(await albToken(), { ...opts, albArn: undefined })).toBeNull();
  });
});
