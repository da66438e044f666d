import * as client from 'openid-client';
import type { AuthConfig } from './config';

/** The identity provider's configuration, discovered once per process. */
let discovered: Promise<client.Configuration> | null = null;

export function oidcClient(c: AuthConfig): Promise<client.Configuration> {
  if (!discovered) {
    const issuer = new URL(c.OIDC_ISSUER!);
    // Plain http is only allowed for an issuer on this machine (the tests' provider).
    const local = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    discovered = client.discovery(
      issuer,
      c.OIDC_CLIENT_ID!,
      c.OIDC_CLIENT_SECRET,
      undefined,
      local ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    discovered.catch(() => (discovered = null));
  }
  return discovered;
}

export function publicUrl(c: AuthConfig, fallback: string): string {
  return (c.KEYTRAIL_PUBLIC_URL ?? fallback).replace(/\/$/, '');
}

/** Only same-site paths may be returned to after sign-in (no open redirect). */
export function safeReturnTo(p: string | null): string {
  return p && p.startsWith('/') && !p.startsWith('//') && !p.startsWith('/\\') ? p : '/';
}
