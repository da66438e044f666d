import { redirect } from 'next/navigation';
import { toUrlSearchParams, withQuery, type RawSearch } from '@/lib/search-params';

export const dynamic = 'force-dynamic';

/** `/principals`, as people type it: the overview's Top principals panel, with the same range. */
export default async function PrincipalsIndex({ searchParams }: { searchParams: Promise<RawSearch> }) {
  redirect(`${withQuery('/', toUrlSearchParams(await searchParams))}#principals`);
}
