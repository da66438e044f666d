import type { Metadata } from 'next';
import { DrillLink } from '@/components/drill-link';
import { JsonView } from '@/components/json-view';
import { BadUrl, NotInStore, PageHeader } from '@/components/page-header';
import { Panel, PanelError } from '@/components/panel';
import { deliveryFileLabel, fmtUtc } from '@/lib/format';
import { EventRawSearch, eventHref } from '@/lib/api-schemas';
import { NotFoundError, rawEvent } from '@/lib/server/data';
import { BadRequestError, decodePathParam, parseSearch, type RawSearch } from '@/lib/search-params';
import { panelMessage } from '@/lib/server/page-search';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ eventId: string }>; searchParams: Promise<RawSearch> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Event ${decodePathParam((await params).eventId)}` };
}

export default async function EventPage({ params, searchParams }: Props) {
  const eventId = decodePathParam((await params).eventId);
  let ev;
  try {
    const search = parseSearch(EventRawSearch, await searchParams);
    ev = await rawEvent(eventId, search.t ? new Date(search.t) : null);
  } catch (e) {
    if (e instanceof NotFoundError) return <NotInStore message={e.message} />;
    if (e instanceof BadRequestError) return <BadUrl message={e.message} />;
    return <PanelError error={panelMessage(e)} />;
  }
  return (
    <>
      <PageHeader
        title="Event"
        subtitle={
          <span className="font-mono text-xs">
            {ev.eventId} · {fmtUtc(ev.eventTime, true)}
          </span>
        }
      />
      <div className="mb-4 flex flex-wrap gap-4 text-sm">
        {ev.keyArn && (
          <DrillLink className="text-blue-700 underline dark:text-blue-300" href={`/keys/${encodeURIComponent(ev.keyArn)}`}>
            Key: <span className="font-mono text-xs">{ev.keyArn}</span>
          </DrillLink>
        )}
        {ev.principal && (
          <DrillLink className="text-blue-700 underline dark:text-blue-300" href={`/events?principal=${encodeURIComponent(ev.principal)}`}>
            Principal’s events: <span className="font-mono text-xs">{ev.principal}</span>
          </DrillLink>
        )}
      </div>
      <Panel title="As CloudTrail wrote it" testId="raw-event">
        {ev.raw === null ? (
          <p className="text-sm text-amber-800 dark:text-amber-300" role="status" data-testid="raw-problem">
            {ev.rawProblem.message}
          </p>
        ) : (
          <JsonView raw={ev.raw} downloadHref={`/api${eventHref(ev.eventId, ev.eventTime)}${ev.eventTime ? '&' : '?'}download=1`} />
        )}
        {ev.sourceFile && (
          <p className="mt-2 truncate text-xs text-gray-500" title={deliveryFileLabel(ev.sourceFile)} data-testid="delivery-file">
            Delivery file: <span className="font-mono">{deliveryFileLabel(ev.sourceFile)}</span>
          </p>
        )}
      </Panel>
    </>
  );
}
