import { NextResponse, type NextRequest } from 'next/server';
import { authConfig } from '@/lib/auth/config';
import { publicUrl } from '@/lib/auth/oidc';
import { SESSION_COOKIE } from '@/lib/auth/session';

/**
 * POST /api/auth/logout: forget the session (the header's Sign out button). Not GET: any page
 * could sign a user out with an image or a link. Only KeyTrail's own pages may post it: the
 * browser's Sec-Fetch-Site says same-origin (or none: typed, a bookmark); without that header,
 * an Origin must be KeyTrail's public one (a client with neither, such as curl, forges nothing).
 */
export async function POST(req: NextRequest) {
  const c = authConfig();
  const site = req.headers.get('sec-fetch-site');
  const origin = req.headers.get('origin');
  const own = new URL(publicUrl(c, req.nextUrl.origin)).origin;
  if (site ? site !== 'same-origin' && site !== 'none' : origin !== null && origin !== own)
    return NextResponse.json({ error: 'Sign out from KeyTrail itself.' }, { status: 403 });
  // 303: the browser follows with a GET.
  const res = NextResponse.redirect(`${own}/api/auth/signed-out`, 303);
  res.cookies.delete(SESSION_COOKIE);
  return res;
}

export function GET() {
  return new NextResponse('Sign out with the Sign out button in KeyTrail’s header (a POST to /api/auth/logout).', {
    status: 405,
    headers: { Allow: 'POST', 'content-type': 'text/plain; charset=utf-8' },
  });
}
