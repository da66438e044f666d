import { SignJWT } from 'jose';
import * as client from 'openid-client';
import { NextResponse, type NextRequest } from 'next/server';
import { authConfig } from '@/lib/auth/config';
import { oidcClient, publicUrl, safeReturnTo } from '@/lib/auth/oidc';
import { logError, redact } from '@/lib/redact';

/** GET /api/auth/login?returnTo=/path: start the authorization code flow with PKCE. */
export async function GET(req: NextRequest) {
  const c = authConfig();
  if (c.KEYTRAIL_AUTH !== 'oidc')
    return NextResponse.json({ error: 'Sign-in is not configured (KEYTRAIL_AUTH is not oidc).' }, { status: 404 });
  try {
    const config = await oidcClient(c);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const redirectUri = `${publicUrl(c, req.nextUrl.origin)}/api/auth/callback`;
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: c.OIDC_SCOPES,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const flow = await new SignJWT({ verifier, state, returnTo: safeReturnTo(req.nextUrl.searchParams.get('returnTo')) })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(c.KEYTRAIL_SESSION_SECRET!));
    const res = NextResponse.redirect(url.href);
    res.cookies.set('kt_oidc', flow, { httpOnly: true, secure: true, sameSite: 'lax', path: '/api/auth', maxAge: 600 });
    return res;
  } catch (e) {
    logError('[keytrail] sign-in could not start:', e);
    // An issuer URL may carry credentials (https://user:pass@…): only its origin and path are shown.
    return NextResponse.json(
      { error: `Sign-in could not reach the identity provider at OIDC_ISSUER (${redact(issuerForDisplay(c.OIDC_ISSUER))}).` },
      { status: 502 },
    );
  }
}

/** The issuer as shown to a person: origin and path, never userinfo or a query (either could hold credentials). */
function issuerForDisplay(issuer: string | undefined): string {
  try {
    const u = new URL(issuer ?? '');
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
