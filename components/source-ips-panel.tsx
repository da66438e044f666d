import { SourceIpsTable } from '@/components/source-ips-table';
import { Empty, guarded } from '@/components/panel';
import { SOURCES_LISTED, topSourceIps } from '@/lib/server/data';
import { withQuery, type ResolvedRange } from '@/lib/search-params';

/**
 * "Where the calls came from" for one key or one principal: the body of the key page's and the
 * principal page's sources panels. A row opens the calls from its address with the same filter.
 */
export async function SourceIpsPanel({
  keyArn = null,
  principal = null,
  range,
  rq,
}: {
  keyArn?: string | null;
  principal?: string | null;
  range: ResolvedRange;
  rq: URLSearchParams;
}) {
  return guarded(async () => {
    const { rows } = await topSourceIps({ keyArn, principal }, range);
    if (!rows.length) return <Empty>No calls in this range.</Empty>;
    return (
      <SourceIpsTable rows={rows} shown={10} limit={SOURCES_LISTED} eventsBase={withQuery('/events', rq, { key: keyArn, principal })} />
    );
  });
}
