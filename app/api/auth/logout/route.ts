import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from '@/lib/auth/session';

/** GET /api/auth/logout: forget the session. */
export async function GET(req: NextRequest) {
  const res = NextResponse.redirect(new URL('/api/auth/signed-out', req.nextUrl.origin));
  res.cookies.delete(SESSION_COOKIE);
  return res;
}
