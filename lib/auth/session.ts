import { jwtVerify, SignJWT } from 'jose';
import type { Identity } from './identity';

/** The session is a signed (HS256) JWT in an httpOnly, Secure, SameSite=Lax cookie. */
export const SESSION_COOKIE = 'kt_session';

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signSession(id: Identity, secret: string, hours: number): Promise<string> {
  return new SignJWT({ email: id.email, name: id.name, groups: id.groups, role: id.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(id.sub)
    .setIssuedAt()
    .setExpirationTime(`${Math.round(hours * 3600)}s`)
    .setIssuer('keytrail')
    .sign(key(secret));
}

export async function verifySession(token: string | undefined, secret: string): Promise<Identity | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: 'keytrail', algorithms: ['HS256'] });
    if (!payload.sub) return null;
    return {
      sub: payload.sub,
      email: typeof payload.email === 'string' ? payload.email : undefined,
      name: typeof payload.name === 'string' ? payload.name : undefined,
      groups: Array.isArray(payload.groups) ? payload.groups.map(String) : [],
      role: payload.role === 'viewer' ? 'viewer' : 'analyst',
    };
  } catch {
    return null;
  }
}

export const cookieOptions = (hours: number) => ({
  httpOnly: true,
  secure: true,
  sameSite: 'lax' as const,
  path: '/',
  maxAge: Math.round(hours * 3600),
});
