import type { ReactNode } from 'react';
import { TimelineChart } from '@/components/charts/timeline-chart';
import { Empty, guarded } from '@/components/panel';
import { fmtInt, fmtPct } from '@/lib/format';
import { logCoverage, usageTimeline } from '@/lib/server/data';
import { withQuery, type ResolvedRange } from '@/lib/search-params';
import { BUCKET_MS } from '@/lib/time';

/**
 * "Usage by operation" for one key, one principal, or every key (neither given): the body of the
 * overview's, the key page's and the principal page's timeline panels. A bar drills down to the
 * events of its bucket with the same filter.
 */
export async function UsageTimelinePanel({
  keyArn = null,
  principal = null,
  range,
  empty,
}: {
  keyArn?: string | null;
  principal?: string | null;
  range: ResolvedRange;
  /** What to say when nothing was called in the range (a page may say where its calls are). */
  empty: ReactNode;
}) {
  return guarded(async () => {
    const [t, coverage] = await Promise.all([usageTimeline({ keyArn, principal }, range), logCoverage(range)]);
    const total = t.points.reduce((n, p) => n + p.count, 0);
    const failed = t.points.reduce((n, p) => n + p.errors, 0);
    if (!total) return <Empty>{empty}</Empty>;
    return (
      <>
        <p className="mb-2 text-xs text-gray-500">
          {fmtInt(total)} calls
          {/* The bars are coloured by operation: a caller whose every call failed would look healthy. */}
          {failed > 0 && (
            <span className="text-red-700 dark:text-red-300" data-testid="timeline-failed">
              {' '}
              ({fmtInt(failed)} failed, {fmtPct(failed, total)})
            </span>
          )}
          , per {range.bucket} (UTC)
          {/* How to use the screen is not part of an exported image. */}
          <span data-export-hide=""> · click a bar for the events of its {range.bucket}</span>
        </p>
        <TimelineChart
          points={t.points}
          eventNames={t.eventNames}
          bucketMs={BUCKET_MS[range.bucket]}
          drillBase={withQuery('/events', { key: keyArn, principal })}
          rangeFrom={range.from.toISOString()}
          rangeTo={range.to.toISOString()}
          coverage={coverage}
        />
      </>
    );
  });
}
