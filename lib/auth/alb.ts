import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { emailVerified } from './identity';

/**
 * Behind an AWS ALB with OIDC authentication, every request carries
 * x-amzn-oidc-data: a JWT the ALB signs with ES256. It is verified against the
 * ALB's public key for the region (fetched by key id and cached), and its
 * `signer` must be the configured load balancer — never just trusted.
 * ALB pads its base64url segments with '=', which JOSE libraries reject, so the
 * padding is stripped before verification.
 */
const keys = new Map<string, Promise<CryptoKey | Uint8Array>>();

export interface AlbClaims {
  sub: string;
  email?: string;
  /** The provider's email_verified, when it sends one (see emailVerified in identity.ts). */
  emailVerified?: boolean;
  name?: string;
  groups?: string[];
}

export async function verifyAlbHeader(
  header: string | null,
  o: { region: string; albArn: string | undefined; keyUrl: string; fetchImpl?: typeof fetch },
): Promise<AlbClaims | null> {
  if (!header) return null;
  const token = header
    .split('.')
    .map((s) => s.replace(/=+$/, ''))
    .join('.');
  try {
    const h = decodeProtectedHeader(token) as { kid?: string; alg?: string; signer?: string };
    if (h.alg !== 'ES256' || !h.kid || !/^[\w-]{1,128}$/.test(h.kid)) return null;
    // Always checked (authConfig requires the ARN): the Region's key signs every ALB's claims there.
    if (!o.albArn || h.signer !== o.albArn) return null;
    const url = o.keyUrl.replace('{region}', o.region).replace('{kid}', h.kid);
    let k = keys.get(url);
    if (!k) {
      k = (o.fetchImpl ?? fetch)(url, { signal: AbortSignal.timeout(5_000) }).then(async (r) => {
        if (!r.ok) throw new Error(`ALB key ${h.kid}: HTTP ${r.status}`);
        return importSPKI(await r.text(), 'ES256');
      });
      keys.set(url, k);
      k.catch(() => keys.delete(url));
    }
    const { payload } = await jwtVerify(token, await k, { algorithms: ['ES256'] });
    if (typeof payload.sub !== 'string') return null;
    return {
      sub: payload.sub,
      email: typeof payload.email === 'string' ? payload.email : undefined,
      emailVerified: emailVerified(payload.email_verified),
      name: typeof payload.name === 'string' ? payload.name : undefined,
      groups: Array.isArray(payload.groups) ? payload.groups.map(String) : undefined,
    };
  } catch {
    return null;
  }
}
