/** Who is signed in, and what they may do. */
export interface Identity {
  sub: string;
  email?: string;
  name?: string;
  groups: string[];
  role: 'analyst' | 'viewer';
}

/**
 * The allow-list: with KEYTRAIL_ALLOWED_USERS or _GROUPS set, only those users
 * (by subject or email) or members of those groups get in. KEYTRAIL_VIEWERS
 * (users or groups) are read-only: they cannot export.
 */
export function authorize(
  claims: { sub: string; email?: string; name?: string; groups?: string[] },
  c: { KEYTRAIL_ALLOWED_USERS: string[]; KEYTRAIL_ALLOWED_GROUPS: string[]; KEYTRAIL_VIEWERS: string[] },
): Identity | null {
  const groups = Array.isArray(claims.groups) ? claims.groups.map(String) : [];
  const ids = [claims.sub, claims.email].filter((x): x is string => !!x).map((x) => x.toLowerCase());
  const inList = (list: string[]) => list.some((x) => ids.includes(x.toLowerCase()) || groups.includes(x));
  const restricted = c.KEYTRAIL_ALLOWED_USERS.length + c.KEYTRAIL_ALLOWED_GROUPS.length > 0;
  if (restricted && !inList([...c.KEYTRAIL_ALLOWED_USERS, ...c.KEYTRAIL_ALLOWED_GROUPS])) return null;
  return { sub: claims.sub, email: claims.email, name: claims.name, groups, role: inList(c.KEYTRAIL_VIEWERS) ? 'viewer' : 'analyst' };
}
