import type { Metadata } from 'next';
import Link from 'next/link';
import { KeysSearch } from '@/lib/api-schemas';
import { TimelineChart } from '@/components/charts/timeline-chart';
import { BadUrl, PageHeader } from '@/components/page-header';
import { Empty, Panel, PanelError } from '@/components/panel';
import { PrincipalsTable } from '@/components/principals-table';
import { fmtInt } from '@/lib/format';
import { NotFoundError, resolveKeyRef, topPrincipals, usageTimeline } from '@/lib/server/data';
import { pageSearch, panelMessage } from '@/lib/server/page-search';
import { rangeQuery, withQuery, type RawSearch, type ResolvedRange } from '@/lib/search-params';
import { BUCKET_MS } from '@/lib/time';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ key: string }>; searchParams: Promise<RawSearch> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const key = decodeURIComponent((await params).key);
  return { title: key.split('/').pop() };
}

export default async function KeyPage({ params, searchParams }: Props) {
  const ref = decodeURIComponent((await params).key);
  const ps = pageSearch(KeysSearch, await searchParams);
  if (!ps.ok) return <BadUrl message={ps.message} />;
  let keyArn: string;
  try {
    keyArn = await resolveKeyRef(ref);
  } catch (e) {
    if (e instanceof NotFoundError) return <BadUrl message={e.message} />;
    return <PanelError error={panelMessage(e)} />;
  }
  const rq = rangeQuery(ps.search);
  const sk = `${keyArn}|${rq}`;
  const [, , , region, account] = keyArn.split(':');
  return (
    <>
      <PageHeader
        title={keyArn.split('/').pop() ?? keyArn}
        subtitle={
          <span className="font-mono text-xs" data-testid="key-arn">
            {keyArn} · account {account} · {region}
          </span>
        }
        range={ps.range}
      />
      <div className="grid gap-6">
        <Panel title="Usage by operation" testId="timeline-panel" suspenseKey={sk}>
          <TimelinePanel keyArn={keyArn} range={ps.range} rq={rq} />
        </Panel>
        <Panel title="Top principals" testId="principals-panel" suspenseKey={sk}>
          <PrincipalsPanel keyArn={keyArn} range={ps.range} rq={rq} />
        </Panel>
      </div>
    </>
  );
}

async function TimelinePanel({ keyArn, range, rq }: { keyArn: string; range: ResolvedRange; rq: URLSearchParams }) {
  try {
    const t = await usageTimeline({ keyArn }, range);
    const total = t.points.reduce((n, p) => n + p.count, 0);
    if (!total) return <Empty>No calls to this key in this range.</Empty>;
    return (
      <>
        <p className="mb-2 text-xs text-gray-500">
          {fmtInt(total)} calls · click a bar for its events ·{' '}
          <Link className="underline" href={withQuery('/events', rq, { key: keyArn })}>all events of this key</Link>
        </p>
        <TimelineChart
          points={t.points}
          eventNames={t.eventNames}
          bucketMs={BUCKET_MS[range.bucket]}
          drillBase={withQuery('/events', { key: keyArn })}
        />
      </>
    );
  } catch (e) {
    return <PanelError error={panelMessage(e)} />;
  }
}

async function PrincipalsPanel({ keyArn, range, rq }: { keyArn: string; range: ResolvedRange; rq: URLSearchParams }) {
  try {
    const res = await topPrincipals(keyArn, range, 25);
    if (!res.rows.length) return <Empty>No principal called this key in this range.</Empty>;
    return <PrincipalsTable rows={res.rows} eventsBase={withQuery('/events', rq, { key: keyArn })} />;
  } catch (e) {
    return <PanelError error={panelMessage(e)} />;
  }
}
