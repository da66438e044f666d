import { redirect } from 'next/navigation';
import { toUrlSearchParams, withQuery, type RawSearch } from '@/lib/search-params';

export const dynamic = 'force-dynamic';

/**
 * `/keys`, as people type it after a key's own address: the list of keys is the overview's Keys
 * panel, so go there with the same range rather than answer "not found".
 */
export default async function KeysIndex({ searchParams }: { searchParams: Promise<RawSearch> }) {
  redirect(`${withQuery('/', toUrlSearchParams(await searchParams))}#keys`);
}
