import 'server-only';
import { headers } from 'next/headers';

/** The signed-in user's role, as the proxy set it (it strips any value a client sends). */
export async function canExport(): Promise<boolean> {
  const raw = (await headers()).get('x-keytrail-user');
  if (!raw) return true;
  try {
    return (JSON.parse(raw) as { role?: string }).role !== 'viewer';
  } catch {
    return false;
  }
}
