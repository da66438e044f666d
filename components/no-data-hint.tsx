import { DrillLink } from '@/components/drill-link';
import { fmtInt, fmtUtc } from '@/lib/format';
import { Empty } from '@/components/panel';
import { anyLogs, storeSpan } from '@/lib/server/data';
import { periodsWithData, type Period } from '@/lib/periods-with-data';
import { withQuery, type ResolvedRange } from '@/lib/search-params';

/**
 * When the range holds nothing, say why: an empty store (how to load logs), or
 * data that lies elsewhere in time (one click to see it).
 */
export async function NoDataHint({
  range,
  path,
  hasData,
  keep,
}: {
  range: ResolvedRange;
  path: string;
  hasData: boolean;
  /** The page's other parameters (its filters), kept on the links: only the range changes. */
  keep?: URLSearchParams;
}) {
  if (hasData) return null;
  const span = await storeSpan();
  if (!span.events || !span.lastEvent) {
    return (
      <div
        role="status"
        className="mb-4 rounded border border-blue-200 bg-blue-50 p-4 text-sm text-blue-900 dark:border-blue-900 dark:bg-blue-950 dark:text-blue-100"
      >
        <p className="font-semibold">No KMS events in the store yet.</p>
        <p className="mt-1">
          Load a trail with <code>npm run ingest -- ./logs</code>. If your trail files load but no KMS events appear, the trail may exclude
          KMS events (<code>ExcludeManagementEventSources</code>), which many do to save cost.
        </p>
      </div>
    );
  }
  const periods = periodsWithData(span.firstEvent ?? span.lastEvent, span.lastEvent, range.to.getTime() - range.from.getTime());
  const others = new URLSearchParams(keep);
  for (const k of ['range', 'from', 'to', 'cursor']) others.delete(k);
  const href = (p: Period) => withQuery(path, others, { from: p.from.toISOString(), to: p.to.toISOString() });
  return (
    <div
      role="status"
      className="mb-4 rounded border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      No KMS events between {fmtUtc(range.from)} and {fmtUtc(range.to)}. The store holds {fmtInt(span.events)} events from{' '}
      {fmtUtc(span.firstEvent)} to {fmtUtc(span.lastEvent)}.{' '}
      <DrillLink className="font-semibold underline" href={href(periods.latest)}>
        Show the latest period with data
      </DrillLink>
      {periods.earliest && (
        <>
          {' · '}
          <DrillLink className="underline" href={href(periods.earliest)}>
            the earliest
          </DrillLink>
        </>
      )}
      {periods.all && (
        <>
          {' · '}
          <DrillLink className="underline" href={href(periods.all)}>
            all {fmtInt(span.events)} events
          </DrillLink>
        </>
      )}
    </div>
  );
}

/**
 * A panel's "nothing here", run only when it found nothing: when no log of any key lies in the
 * range at all, it says so, with where the logs are (NoDataHint), so "No findings in this range"
 * is never read as proof that nothing happened in a period the store does not cover.
 */
export async function EmptyUnlessNoLogs({
  range,
  path,
  keep,
  children,
}: {
  range: ResolvedRange;
  path: string;
  keep?: URLSearchParams;
  children: React.ReactNode;
}) {
  if (await anyLogs(range)) return <Empty>{children}</Empty>;
  return <NoDataHint range={range} path={path} hasData={false} keep={keep} />;
}
