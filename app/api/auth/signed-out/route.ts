/** Where sign-out lands: a plain message, reachable without a session. */
export function GET() {
  return new Response('You are signed out of KeyTrail. Sign in again at /api/auth/login.', {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
