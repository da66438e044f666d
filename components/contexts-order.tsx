import { DrillLink } from '@/components/drill-link';
import type { ContextOrder } from '@/lib/queries/catalog/usage';
import { withQuery } from '@/lib/search-params';

const LABELS: Record<ContextOrder, string> = { calls: 'Most used', recent: 'Last seen' };

/**
 * The contexts panel's order, as links that write the page's URL (`contextsOrder`): most used
 * first hides a sweep's one-off reads in the long tail; last seen first shows what was touched lately.
 */
export function ContextsOrder({ path, rq, order }: { path: string; rq: URLSearchParams; order: ContextOrder }) {
  return (
    <nav aria-label="Order of the encryption contexts" className="flex gap-1 text-xs" data-testid="contexts-order">
      {(Object.keys(LABELS) as ContextOrder[]).map((o) =>
        o === order ? (
          <span key={o} aria-current="true" className="rounded bg-gray-200 px-2 py-0.5 font-semibold dark:bg-gray-700">
            {LABELS[o]}
          </span>
        ) : (
          // The default is left out of the URL, so the plain page stays the plain page.
          <DrillLink
            key={o}
            className="rounded px-2 py-0.5 text-blue-700 hover:underline dark:text-blue-300"
            href={withQuery(path, rq, { contextsOrder: o === 'calls' ? null : o })}
            scroll={false}
          >
            {LABELS[o]}
          </DrillLink>
        ),
      )}
    </nav>
  );
}
