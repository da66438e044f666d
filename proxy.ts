import { NextResponse, type NextRequest } from 'next/server';
import { authenticate, config as authSettings, isExport, PUBLIC_PATHS } from './lib/auth/gate';

/**
 * Runs before every request: sign-in (when KEYTRAIL_AUTH is set) and security
 * headers. Scripts run only with this request's nonce (Next.js applies it to
 * its own scripts), so an HTML payload in an event field could not run even if
 * it were ever rendered as HTML. Styles allow inline attributes: charts and
 * heatmaps colour each element.
 */
export async function proxy(request: NextRequest) {
  const fixed = fixEntityPath(request);
  if (fixed) return secure(fixed, API_POLICY);
  const headers = new Headers(request.headers);
  // Identity is only ever set here, never taken from the client.
  headers.delete('x-keytrail-user');
  const c = authSettings();
  const path = request.nextUrl.pathname;
  if (c.KEYTRAIL_AUTH !== 'none' && !PUBLIC_PATHS.some((p) => p.test(path))) {
    const id = await authenticate(request, c);
    if (!id) {
      if (path.startsWith('/api/')) return secure(NextResponse.json({ error: 'Sign in first.' }, { status: 401 }), csp(nonce()));
      if (c.KEYTRAIL_AUTH === 'alb')
        return secure(new NextResponse('Not authenticated by the load balancer.', { status: 401 }), csp(nonce()));
      const login = new URL('/api/auth/login', request.nextUrl.origin);
      login.searchParams.set('returnTo', `${path}${request.nextUrl.search}`);
      return secure(NextResponse.redirect(login), csp(nonce()));
    }
    if (id.role === 'viewer' && isExport(path, request.nextUrl.searchParams))
      return secure(NextResponse.json({ error: 'Your role (viewer) cannot export.' }, { status: 403 }), csp(nonce()));
    headers.set('x-keytrail-user', JSON.stringify({ sub: id.sub, email: id.email, role: id.role }));
  }
  if (path.startsWith('/api/')) {
    // JSON, CSV, PNG and PDF only: no page scripts, so no nonce and the strictest policy. The
    // request's headers are rewritten only when there is an identity to set or a forged one to
    // strip; that rewrite and the nonce are most of the proxy's cost on a 10 ms API call.
    const rewrite = headers.has('x-keytrail-user') || request.headers.has('x-keytrail-user');
    return secure(rewrite ? NextResponse.next({ request: { headers } }) : NextResponse.next(), API_POLICY);
  }
  const n = nonce();
  const policy = csp(n);
  headers.set('x-nonce', n);
  headers.set('Content-Security-Policy', policy);
  return secure(NextResponse.next({ request: { headers } }), policy);
}

/**
 * A key, principal or event page's address as people type or paste it. An alias or ARN holds `/`
 * (`/keys/alias/payments`, `/principals/arn:aws:iam::…:role/path/Name`): redirected to its one
 * encoded segment, the page's own address, instead of a 404 that does not say why. A malformed
 * %-escape (`/keys/%E0%A4%A`) cannot be decoded by anyone: a 400 that says so, not Next's bare 500.
 */
function fixEntityPath(request: NextRequest): NextResponse | null {
  const m = /^\/(keys|principals|events)\/(.+)$/.exec(request.nextUrl.pathname);
  if (!m) return null;
  const [, kind, rest] = m;
  let decoded: string;
  try {
    decoded = rest.split('/').map(decodeURIComponent).join('/');
  } catch {
    const what = { keys: 'key', principals: 'principal', events: 'event' }[kind];
    return new NextResponse(
      `This address names a ${what} with a malformed %-escape (${rest.slice(0, 100)}), which cannot be read. ` +
        `Copy the link again, or go to /${kind === 'keys' ? '' : kind}.`,
      { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } },
    );
  }
  if (!rest.includes('/') || kind === 'events') return null;
  const url = request.nextUrl.clone();
  url.pathname = `/${kind}/${encodeURIComponent(decoded)}`;
  return NextResponse.redirect(url, 308);
}

/** For API responses: nothing they return may load or run anything, or be framed. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

function nonce(): string {
  return Buffer.from(crypto.randomUUID()).toString('base64');
}

function csp(n: string): string {
  const dev = process.env.NODE_ENV === 'development';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${n}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function secure(res: NextResponse, policy: string): NextResponse {
  res.headers.set('Content-Security-Policy', policy);
  res.headers.set('X-Content-Type-Options', 'nosniff');
  res.headers.set('Referrer-Policy', 'no-referrer');
  res.headers.set('X-Frame-Options', 'DENY');
  // Behind TLS (sign-in needs it: its cookies are Secure), stay there; browsers ignore it over plain HTTP.
  res.headers.set('Strict-Transport-Security', 'max-age=31536000');
  return res;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|icon.svg).*)' }],
};
