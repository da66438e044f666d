import { DrillLink } from '@/components/drill-link';
import { fmtUtc } from '@/lib/format';
import { withQuery } from '@/lib/search-params';
import { wholeDaysAround } from '@/lib/time';

/**
 * An empty range on a key's or a principal's page: how much the logs hold of it and when, with a
 * link to that range (whole UTC days around it, so the link opens on readable buckets). An old
 * trail opens on the last 7 days, where it has nothing. Inline text: the caller's empty state holds it.
 */
export function SeenElsewhere({
  lead,
  held,
  firstSeen,
  lastSeen,
  path,
  testId,
}: {
  /** What the range lacks, as a sentence. */
  lead: string;
  /** What the logs hold instead, e.g. "240 of its calls". */
  held: string;
  firstSeen: string;
  lastSeen: string;
  path: string;
  testId: string;
}) {
  return (
    <>
      {lead} The logs hold {held}, from {fmtUtc(firstSeen)} to {fmtUtc(lastSeen)}:{' '}
      <DrillLink className="underline" href={withQuery(path, wholeDaysAround(firstSeen, lastSeen))} data-testid={testId}>
        show that range
      </DrillLink>
      .
    </>
  );
}
