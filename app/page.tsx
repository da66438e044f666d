import { KeysSearch } from '@/lib/api-schemas';
import { WeekdayHourHeatmap } from '@/components/charts/weekday-hour-heatmap';
import { FINDINGS_LOADING, FindingsSummary } from '@/components/findings-summary';
import { KeysTable } from '@/components/keys-table';
import { KpiCards, kpiFigures } from '@/components/kpi-cards';
import { NoDataHint } from '@/components/no-data-hint';
import { PageBody } from '@/components/page-body';
import { PageHeader } from '@/components/page-header';
import { UsageTimelinePanel } from '@/components/usage-timeline-panel';
import { Empty, guarded, Panel } from '@/components/panel';
import { PrincipalsTable } from '@/components/principals-table';
import { kpisWithPrevious, listKeysWithStatus, PRINCIPALS_LISTED, topPrincipals } from '@/lib/server/data';
import { failuresByHour } from '@/lib/server/data-failures';
import { pageSearch } from '@/lib/server/page-search';
import { shownRangeQuery, withQuery, type RawSearch, type ResolvedRange } from '@/lib/search-params';

export const dynamic = 'force-dynamic';
// The root page shares the layout's segment, where the title template does not apply.
export const metadata = { title: { absolute: 'Overview · KeyTrail' } };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<RawSearch> }) {
  const ps = pageSearch(KeysSearch, await searchParams);
  return (
    <>
      <PageHeader title="Overview" subtitle="Every KMS key seen in CloudTrail, and how it is used." range={ps.range} evidencePack={ps.ok} />
      <PageBody search={ps}>{(search) => <Panels rq={shownRangeQuery(search, ps.range)} range={ps.range} />}</PageBody>
    </>
  );
}

function Panels({ range, rq }: { range: ResolvedRange; rq: URLSearchParams }) {
  const q = rq.toString();
  return (
    <div className="grid gap-6">
      <Panel title="Summary" testId="kpi-panel" exportAs="kpis" suspenseKey={q}>
        <KpiPanel range={range} rq={rq} />
      </Panel>
      <Panel title="Usage by operation, all keys" testId="timeline-panel" exportAs="timeline" suspenseKey={q}>
        <UsageTimelinePanel range={range} empty="No KMS calls in this range." />
      </Panel>
      <Panel title="Findings" testId="findings-panel" exportAs="findings" suspenseKey={q} loading={FINDINGS_LOADING}>
        <FindingsSummary range={range} rq={rq} />
      </Panel>
      <Panel title="Keys" testId="keys-panel" exportAs="keys" suspenseKey={q} anchor="keys">
        <KeysPanel range={range} linkSuffix={q ? `?${q}` : ''} />
      </Panel>
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Top principals" testId="principals-panel" exportAs="top-principals" suspenseKey={q} anchor="principals">
          <PrincipalsPanel range={range} rq={rq} />
        </Panel>
        <Panel title="Failed calls by weekday and hour (UTC)" testId="heatmap-panel" exportAs="failures-by-hour" suspenseKey={q}>
          <HeatmapPanel range={range} rq={rq} />
        </Panel>
      </div>
    </div>
  );
}

async function KpiPanel({ range, rq }: { range: ResolvedRange; rq: URLSearchParams }) {
  return guarded(async () => {
    const k = await kpisWithPrevious(null, range);
    return (
      <>
        <NoDataHint range={range} path="/" hasData={k.current.calls > 0} />
        <KpiCards
          {...kpiFigures(k)}
          noKeyHref={withQuery('/events', rq, { noKey: '1' })}
          eventsHref={(f) => withQuery('/events', rq, f ?? {})}
          principalsHref="#principals"
        />
      </>
    );
  });
}

async function KeysPanel({ range, linkSuffix }: { range: ResolvedRange; linkSuffix: string }) {
  return guarded(async () => {
    const rows = await listKeysWithStatus(range);
    return rows.length ? <KeysTable rows={rows} linkSuffix={linkSuffix} /> : <Empty>No key was used in this range.</Empty>;
  });
}

async function PrincipalsPanel({ range, rq }: { range: ResolvedRange; rq: URLSearchParams }) {
  return guarded(async () => {
    const rows = (await topPrincipals(null, range, PRINCIPALS_LISTED)).rows;
    return rows.length ? (
      <PrincipalsTable rows={rows} shown={10} limit={PRINCIPALS_LISTED} eventsBase={withQuery('/events', rq)} rq={rq} showKeys />
    ) : (
      <Empty>No calls in this range.</Empty>
    );
  });
}

async function HeatmapPanel({ range, rq }: { range: ResolvedRange; rq: URLSearchParams }) {
  return guarded(async () => {
    const rows = (await failuresByHour({}, range)).rows;
    return rows.length ? (
      <WeekdayHourHeatmap cells={rows} eventsBase={withQuery('/events', rq)} />
    ) : (
      <Empty>No failed calls in this range.</Empty>
    );
  });
}
