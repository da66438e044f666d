import { DrillLink } from '@/components/drill-link';
import { EventsSearch } from '@/lib/api-schemas';
import { EventsFilters } from '@/components/events-filters';
import { NoDataHint } from '@/components/no-data-hint';
import { PageBody } from '@/components/page-body';
import { PageHeader } from '@/components/page-header';
import { AthenaCost, Empty, guarded, Panel } from '@/components/panel';
import { recordQueries } from '@/lib/queries/define';
import { EventsTable } from '@/components/recent-events';
import { OtherKeyMatches } from '@/components/other-key-matches';
import { fmtInt } from '@/lib/format';
import { anyLogs, keyNames, NotFoundError, resolveKeyMatches, resolveKeyRef, rolesWithPath } from '@/lib/server/data';
import { countEvents, listEvents } from '@/lib/server/data-events';
import { pageSearch } from '@/lib/server/page-search';
import { toUrlSearchParams, type RawSearch, type ResolvedRange } from '@/lib/search-params';
import { Suspense } from 'react';
import type { z } from 'zod';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Events' };

type Search = z.output<typeof EventsSearch>;

export default async function EventsPage({ searchParams }: { searchParams: Promise<RawSearch> }) {
  const raw = await searchParams;
  const ps = pageSearch(EventsSearch, raw);
  const key = toUrlSearchParams(raw).toString();
  return (
    <>
      <PageHeader
        title="Events"
        subtitle="Every KMS event, newest first. Each row opens the event as CloudTrail wrote it."
        range={ps.range}
        buckets={false}
        evidencePack={false}
      />
      <EventsFilters />
      <PageBody search={ps}>
        {(search) => (
          <Panel
            title="Events"
            testId="events-panel"
            suspenseKey={key}
            actions={
              // Its own boundary: the first page never waits for a count over millions of events.
              <Suspense key={key} fallback={<span className="text-xs text-gray-500">Counting…</span>}>
                <EventsTotal search={search} range={ps.range} />
              </Suspense>
            }
          >
            <EventsList search={search} range={ps.range} raw={raw} />
          </Panel>
        )}
      </PageBody>
    </>
  );
}

/** An unknown key in the filter is the user's to fix, so it is shown as it is. */
const unknownKey = (e: unknown) => (e instanceof NotFoundError ? e.message : undefined);

async function EventsList(props: { search: Search; range: ResolvedRange; raw: RawSearch }) {
  return guarded(() => eventsList(props), unknownKey);
}

/**
 * The list's total over all its pages. Whatever stops it (a bad filter, an unknown key, the
 * engine) stops the list too, and the list says so: the total then shows nothing.
 */
async function EventsTotal({ search, range }: { search: Search; range: ResolvedRange }) {
  try {
    const { result: c, queries } = await recordQueries(async () => {
      const keyArn = search.key ? await resolveKeyRef(search.key) : null;
      return countEvents(range, { ...search, keyArn });
    });
    const failed = c.failed && c.failed < c.events ? `, ${fmtInt(c.failed)} failed` : '';
    return (
      <span className="text-xs text-gray-600 tabular-nums dark:text-gray-300" data-testid="events-total">
        {fmtInt(c.events)} matching {c.events === 1 ? 'event' : 'events'}
        {failed}
        {/* On Athena the count is a query of its own: it adds to the page's cost. */}
        <AthenaCost queries={queries} hidden />
      </span>
    );
  } catch {
    return null;
  }
}

async function eventsList({ search, range, raw }: { search: Search; range: ResolvedRange; raw: RawSearch }) {
  const key = search.key ? await resolveKeyMatches(search.key) : null;
  const keyArn = key?.keyArn ?? null;
  // The names beside the page's query, not after it: the page waits for the slower of the two.
  const [res, names] = await Promise.all([listEvents(range, { ...search, keyArn }), keyNames()]);
  const next = toUrlSearchParams(raw);
  // An alias several keys had (in two Regions, or moved): say which one is listed, and link the others.
  const others = key && (
    <OtherKeyMatches
      keyRef={search.key ?? ''}
      matches={key.matches}
      shown={
        <>
          these are the events of the one seen most recently, <span className="font-mono">{key.keyArn}</span>
        </>
      }
      href={(arn) => {
        const q = new URLSearchParams(next);
        q.delete('cursor');
        q.set('key', arn);
        return `/events?${q}`;
      }}
      testId="events-other-keys"
      className="mb-3"
    />
  );
  if (!res.events.length) {
    // An exact principal that matches nothing was most likely typed: offer the same text as a search.
    const widen = new URLSearchParams(next);
    widen.delete('cursor');
    widen.delete('principal');
    if (search.principal) widen.set('principalContains', search.principal);
    const withPath = search.principal ? await rolesWithPath(search.principal) : [];
    // The same filters, from the first page, for another principal.
    const restOf = (q: URLSearchParams) => [...q].filter(([k]) => k !== 'cursor' && k !== 'principal');
    return (
      <>
        {others}
        {/* Nothing at all logged in the range (not just nothing matching): say so, and where the logs are. */}
        {!search.cursor && !(await anyLogs(range)) && <NoDataHint range={range} path="/events" hasData={false} keep={next} />}
        <Empty>
          No events match these filters in this range.
          {withPath.map((p) => (
            // A role's ARN without its path (as a session ARN names it): the role the logs name, path included.
            <span key={p.principal} className="block">
              Its calls are logged as{' '}
              <DrillLink
                className="font-mono text-xs text-blue-700 hover:underline dark:text-blue-300"
                href={`/events?${new URLSearchParams([...restOf(next), ['principal', p.principal]])}`}
                data-testid="principal-with-path"
              >
                {p.principal}
              </DrillLink>
              , the role with its path.
            </span>
          ))}
          {search.principal && !withPath.length && (
            <>
              {' '}
              <DrillLink
                // Underlined: inside a sentence, colour alone does not mark a link (WCAG 1.4.1).
                className="text-blue-700 underline dark:text-blue-300"
                href={`/events?${widen.toString()}`}
                data-testid="principal-widen"
              >
                Find principals whose ARN contains “{search.principal}”
              </DrillLink>
            </>
          )}
        </Empty>
      </>
    );
  }
  const first = new URLSearchParams(next);
  first.delete('cursor');
  const prev = new URLSearchParams(first);
  if (res.prevCursor) prev.set('cursor', res.prevCursor);
  if (res.nextCursor) next.set('cursor', res.nextCursor);
  const exportHref = (format: string) => {
    const q = new URLSearchParams(first);
    q.delete('limit');
    // The instants this list was computed for, not a preset resolved again when the link is followed.
    q.delete('range');
    q.set('from', range.from.toISOString());
    q.set('to', range.to.toISOString());
    q.set('format', format);
    return `/api/events/export?${q}`;
  };
  return (
    <>
      {others}
      <EventsTable events={res.events} keyNames={names} />
      <nav aria-label="Event pages" className="mt-3 flex gap-3 text-sm">
        {/* A cursor that went back to the top opens the first page (offset 0): no link to itself. */}
        {raw.cursor && res.offset !== 0 && (
          <DrillLink className="underline" href={`/events?${first}`}>
            First page
          </DrillLink>
        )}
        {res.prevCursor && (
          <DrillLink className="underline" href={`/events?${prev}`} data-testid="prev-page">
            Previous page
          </DrillLink>
        )}
        {/* Where this page is in the list (the total is in the panel's header). */}
        {res.offset !== null && res.events.length > 0 && (
          <span className="text-gray-600 tabular-nums dark:text-gray-300" data-testid="events-position">
            Events {fmtInt(res.offset + 1)}–{fmtInt(res.offset + res.events.length)}
          </span>
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
