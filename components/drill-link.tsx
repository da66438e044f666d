import Link from 'next/link';
import type { ComponentProps } from 'react';

/**
 * A link into the data (a key, a principal, a heatmap cell's events, one event).
 * Next prefetches every `<Link>` in the viewport, and each prefetch of these
 * dynamic pages is a full server render with its queries: the failures page
 * alone made ~200 such renders per visit (bench/results). Drill-downs load on
 * click instead; the header's few navigation links keep prefetching.
 */
export function DrillLink(props: ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
