import type { UrlSearch } from '@/lib/server/page-search';
import { ResetLink } from './reset-link';

/**
 * What a page shows under its header: its panels, or, when its URL is bad, the notice that says
 * what to fix. Every page that reads its URL goes through here, so a bad URL always keeps the
 * page's chrome (main menu, header, range picker, filters) and never runs a panel's queries with
 * parameters that were not understood.
 */
export function PageBody<T>({ search, children }: { search: UrlSearch<T>; children: (search: T) => React.ReactNode }) {
  return search.ok ? children(search.search) : <BadUrl message={search.message} params={search.params} />;
}

/** The notice itself. The parameters' values are the visitor's: only their names, as text. */
function BadUrl({ message, params }: { message: string; params: string[] }) {
  return (
    <div
      role="alert"
      className="rounded border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
      data-testid="bad-url"
    >
      <p className="font-semibold">This page’s URL has a problem, so nothing is shown for it.</p>
      <p className="mt-1">{message}</p>
      <p className="mt-2">
        <ResetLink params={params} />
      </p>
    </div>
  );
}
