import { jwtVerify } from 'jose';
import * as client from 'openid-client';
import { NextResponse, type NextRequest } from 'next/server';
import { authConfig } from '@/lib/auth/config';
import { authorize, emailVerified } from '@/lib/auth/identity';
import { oidcClient, publicUrl, safeReturnTo } from '@/lib/auth/oidc';
import { cookieOptions, SESSION_COOKIE, signSession } from '@/lib/auth/session';
import { logError } from '@/lib/redact';

/** GET /api/auth/callback: finish the code flow, apply the allow-list, set the session cookie. */
export async function GET(req: NextRequest) {
  const c = authConfig();
  if (c.KEYTRAIL_AUTH !== 'oidc') return NextResponse.json({ error: 'Sign-in is not configured.' }, { status: 404 });
  const secret = new TextEncoder().encode(c.KEYTRAIL_SESSION_SECRET!);
  let flow: { verifier: string; state: string; returnTo: string };
  try {
    flow = (await jwtVerify(req.cookies.get('kt_oidc')?.value ?? '', secret)).payload as typeof flow;
  } catch {
    return NextResponse.json(
      { error: 'The sign-in attempt expired or was not started here. Start again at /api/auth/login.' },
      { status: 400 },
    );
  }
  try {
    const config = await oidcClient(c);
    const current = new URL(`${publicUrl(c, req.nextUrl.origin)}${req.nextUrl.pathname}${req.nextUrl.search}`);
    const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: flow.verifier, expectedState: flow.state });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('no ID token');
    // Many providers put email and groups only in userinfo (ID tokens stay small); merge them.
    const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub).catch(() => null);
    // The email and whether it is verified come from one source: the ID token if it has an email, else userinfo.
    const emailFrom = typeof idClaims.email === 'string' ? idClaims : info;
    const claims = {
      ...(info ?? {}),
      ...idClaims,
      groups: idClaims.groups ?? info?.groups,
      email: emailFrom?.email,
      email_verified: emailFrom?.email_verified,
      name: idClaims.name ?? info?.name,
    };
    const id = authorize(
      {
        sub: claims.sub,
        email: typeof claims.email === 'string' ? claims.email : undefined,
        emailVerified: emailVerified(claims.email_verified),
        name: typeof claims.name === 'string' ? claims.name : undefined,
        groups: Array.isArray(claims.groups) ? claims.groups.map(String) : undefined,
      },
      c,
    );
    if (!id)
      return NextResponse.json(
        { error: 'You signed in, but you are not on KeyTrail’s allow-list. Ask an administrator.' },
        { status: 403 },
      );
    const res = NextResponse.redirect(`${publicUrl(c, req.nextUrl.origin)}${safeReturnTo(flow.returnTo)}`);
    res.cookies.set(
      SESSION_COOKIE,
      await signSession(id, c.KEYTRAIL_SESSION_SECRET!, c.KEYTRAIL_SESSION_HOURS),
      cookieOptions(c.KEYTRAIL_SESSION_HOURS),
    );
    // At the path it was set with (login/route.ts): a cookie is only deleted where it lives.
    res.cookies.set('kt_oidc', '', { httpOnly: true, secure: true, sameSite: 'lax', path: '/api/auth', maxAge: 0 });
    return res;
  } catch (e) {
    logError('[keytrail] sign-in failed:', e instanceof Error ? e.message : e);
    return NextResponse.json({ error: 'Sign-in failed: the identity provider’s answer could not be verified.' }, { status: 400 });
  }
}
