import { headers } from 'next/headers';
import { z } from 'zod';
import { config as authSettings } from '@/lib/auth/gate';

/** What proxy.ts puts in x-keytrail-user for a signed-in request (never what a client sent). */
const User = z.object({ sub: z.string(), email: z.string().nullish(), role: z.string() });

/**
 * Who is signed in, in the header, and a way out. With the built-in sign-in, Sign out posts to
 * /api/auth/logout; behind an ALB the session is the load balancer's, so there is only the name.
 */
export async function SignedInUser() {
  const raw = (await headers()).get('x-keytrail-user');
  if (!raw) return null;
  let user: z.infer<typeof User>;
  try {
    user = User.parse(JSON.parse(raw));
  } catch {
    return null;
  }
  // The settings as the proxy read them (parsed once), not parsed again on every page.
  const oidc = authSettings().KEYTRAIL_AUTH === 'oidc';
  return (
    <div className="flex items-center gap-2 text-xs text-gray-600 dark:text-gray-300" data-testid="signed-in-user">
      <span className="max-w-[16rem] truncate" title={user.email ?? user.sub}>
        {user.email ?? user.sub}
      </span>
      {user.role === 'viewer' && <span className="rounded bg-gray-100 px-1 text-gray-700 dark:bg-gray-800 dark:text-gray-200">viewer</span>}
      {oidc && (
        <form method="post" action="/api/auth/logout">
          <button type="submit" className="underline decoration-dotted underline-offset-2 hover:text-gray-900 dark:hover:text-white">
            Sign out
          </button>
        </form>
      )}
    </div>
  );
}
