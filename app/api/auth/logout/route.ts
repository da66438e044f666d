import { NextResponse, type NextRequest } from 'next/server';
import { authConfig } from '@/lib/auth/config';
import { publicUrl } from '@/lib/auth/oidc';
import { SESSION_COOKIE } from '@/lib/auth/session';

/**
 * POST /api/auth/logout: forget the session (the header's Sign out button). Not GET: any page
 * could sign a user out with an image or a link. A browser's cross-site form is refused too
 * (Sec-Fetch-Site; a client that sends none, such as curl, is no browser to forge it in).
 */
export async function POST(req: NextRequest) {
  if (req.headers.get('sec-fetch-site') === 'cross-site')
    return NextResponse.json({ error: 'Sign out from KeyTrail itself.' }, { status: 403 });
  // 303: the browser follows with a GET.
  const res = NextResponse.redirect(`${publicUrl(authConfig(), req.nextUrl.origin)}/api/auth/signed-out`, 303);
  res.cookies.delete(SESSION_COOKIE);
  return res;
}

export function GET() {
  return new NextResponse('Sign out with the Sign out button in KeyTrail’s header (a POST to /api/auth/logout).', {
    status: 405,
    headers: { Allow: 'POST', 'content-type': 'text/plain; charset=utf-8' },
  });
}
