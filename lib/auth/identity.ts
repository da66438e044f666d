/** Who is signed in, and what they may do. */
export interface Identity {
  sub: string;
  email?: string;
  name?: string;
  groups: string[];
  role: 'analyst' | 'viewer';
}

/**
 * An email the identity provider says it has not verified (`email_verified` false, or "false" as some
 * providers send it) may be anyone's: a user can often type any address into their profile. Providers
 * that send no such claim (many enterprise directories, whose addresses administrators set) are trusted.
 */
export function emailVerified(v: unknown): boolean | undefined {
  if (v === false || v === 'false') return false;
  if (v === true || v === 'true') return true;
  return undefined;
}

/**
 * The allow-list: with KEYTRAIL_ALLOWED_USERS or _GROUPS set, only those users
 * (by subject or email) or members of those groups get in. KEYTRAIL_VIEWERS
 * (users or groups) are read-only: they cannot export. An email the provider
 * has not verified lets no one in, but still makes its user a viewer: a claim
 * that can be false may only take rights away.
 */
export function authorize(
  claims: { sub: string; email?: string; emailVerified?: boolean; name?: string; groups?: string[] },
  c: { KEYTRAIL_ALLOWED_USERS: string[]; KEYTRAIL_ALLOWED_GROUPS: string[]; KEYTRAIL_VIEWERS: string[] },
): Identity | null {
  const groups = Array.isArray(claims.groups) ? claims.groups.map(String) : [];
  const lower = (xs: (string | undefined)[]) => xs.filter((x): x is string => !!x).map((x) => x.toLowerCase());
  const trusted = lower([claims.sub, claims.emailVerified === false ? undefined : claims.email]);
  const every = lower([claims.sub, claims.email]);
  const inList = (list: string[], ids: string[]) => list.some((x) => ids.includes(x.toLowerCase()) || groups.includes(x));
  const restricted = c.KEYTRAIL_ALLOWED_USERS.length + c.KEYTRAIL_ALLOWED_GROUPS.length > 0;
  if (restricted && !inList([...c.KEYTRAIL_ALLOWED_USERS, ...c.KEYTRAIL_ALLOWED_GROUPS], trusted)) return null;
  return {
    sub: claims.sub,
    email: claims.email,
    name: claims.name,
    groups,
    role: inList(c.KEYTRAIL_VIEWERS, every) ? 'viewer' : 'analyst',
  };
}
