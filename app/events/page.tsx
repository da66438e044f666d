import { DrillLink } from '@/components/drill-link';
import { EventsSearch } from '@/lib/api-schemas';
import { EventsFilters } from '@/components/events-filters';
import { BadUrl, PageHeader } from '@/components/page-header';
import { Empty, guarded, Panel } from '@/components/panel';
import { EventsTable } from '@/components/recent-events';
import { listEvents, NotFoundError, resolveKeyRef } from '@/lib/server/data';
import { pageSearch } from '@/lib/server/page-search';
import type { RawSearch, ResolvedRange } from '@/lib/search-params';
import type { z } from 'zod';

export const dynamic = 'force-dynamic';

type Search = z.output<typeof EventsSearch>;

export default async function EventsPage({ searchParams }: { searchParams: Promise<RawSearch> }) {
  const raw = await searchParams;
  const ps = pageSearch(EventsSearch, raw);
  if (!ps.ok) return <BadUrl message={ps.message} />;
  const key = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : []))).toString();
  return (
    <>
      <PageHeader
        title="Events"
        subtitle="Every KMS event, newest first. Each row opens the event as CloudTrail wrote it."
        range={ps.range}
        evidencePack={false}
      />
      <EventsFilters />
      <Panel title="Events" testId="events-panel" suspenseKey={key}>
        <EventsList search={ps.search} range={ps.range} raw={raw} />
      </Panel>
    </>
  );
}

/** An unknown key in the filter is the user's to fix, so it is shown as it is. */
const unknownKey = (e: unknown) => (e instanceof NotFoundError ? e.message : undefined);

async function EventsList(props: { search: Search; range: ResolvedRange; raw: RawSearch }) {
  return guarded(() => eventsList(props), unknownKey);
}

async function eventsList({ search, range, raw }: { search: Search; range: ResolvedRange; raw: RawSearch }) {
  const keyArn = search.key ? await resolveKeyRef(search.key) : null;
  const res = await listEvents(range, { ...search, keyArn });
  if (!res.events.length) return <Empty>No events match these filters in this range.</Empty>;
  const next = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
  const first = new URLSearchParams(next);
  first.delete('cursor');
  if (res.nextCursor) next.set('cursor', res.nextCursor);
  const exportHref = (format: string) => {
    const q = new URLSearchParams(first);
    q.delete('limit');
    q.set('format', format);
    return `/api/events/export?${q}`;
  };
  return (
    <>
      <EventsTable events={res.events} />
      <nav aria-label="Event pages" className="mt-3 flex gap-3 text-sm">
        {raw.cursor && (
          <DrillLink className="underline" href={`/events?${first}`}>
            First page
          </DrillLink>
        )}
        <span className="ml-auto text-gray-600 dark:text-gray-300">
          Export every matching event:{' '}
          <a className="underline" href={exportHref('csv')} data-testid="export-events-csv">
            CSV
          </a>{' '}
          ·{' '}
          <a className="underline" href={exportHref('json')}>
            JSON
          </a>
        </span>
        {res.nextCursor ? (
          <DrillLink className="underline" href={`/events?${next}`} data-testid="next-page">
            Next page
          </DrillLink>
        ) : (
          <span className="text-gray-500">End of results</span>
        )}
      </nav>
    </>
  );
}
