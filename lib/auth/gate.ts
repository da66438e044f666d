import type { NextRequest } from 'next/server';
import { verifyAlbHeader } from './alb';
import { authConfig, type AuthConfig } from './config';
import { authorize, type Identity } from './identity';
import { SESSION_COOKIE, verifySession } from './session';

/** Paths open without a session: the sign-in flow itself, and the ingest hand-off (it has its own token). */
export const PUBLIC_PATHS = [/^\/api\/auth\//, /^\/api\/admin\/ingest$/];
/** What a read-only viewer may not do: export. */
export const EXPORT_PATHS = [/^\/api\/export\//, /^\/api\/events\/export$/, /^\/api\/report\/pdf$/];

/**
 * Whether a request is an export: one of EXPORT_PATHS, or an event's raw record asked for as a
 * file (`?download`). A viewer still reads what the pages show, a page at a time (the role keeps
 * files of evidence out of a viewer's hands; it is not a boundary around data the viewer may read).
 */
export function isExport(path: string, search: URLSearchParams): boolean {
  return EXPORT_PATHS.some((p) => p.test(path)) || (/^\/api\/events\/[^/]+$/.test(path) && search.has('download'));
}

let cached: AuthConfig | null = null;
export function config(): AuthConfig {
  return (cached ??= authConfig());
}

/** Who made this request, or null; with KEYTRAIL_AUTH=none, nobody needs to be anyone. */
export async function authenticate(req: NextRequest, c: AuthConfig = config()): Promise<Identity | null> {
  if (c.KEYTRAIL_AUTH === 'oidc') return verifySession(req.cookies.get(SESSION_COOKIE)?.value, c.KEYTRAIL_SESSION_SECRET!);
  if (c.KEYTRAIL_AUTH === 'alb') {
    const claims = await verifyAlbHeader(req.headers.get('x-amzn-oidc-data'), {
      region: c.KEYTRAIL_ALB_REGION!,
      albArn: c.KEYTRAIL_ALB_ARN,
      keyUrl: c.KEYTRAIL_ALB_KEY_URL,
    });
    return claims ? authorize(claims, c) : null;
  }
  return null;
}
