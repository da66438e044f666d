import { KeysSearch } from '@/lib/api-schemas';
import { KeysTable } from '@/components/keys-table';
import { NoDataHint } from '@/components/no-data-hint';
import { BadUrl, PageHeader } from '@/components/page-header';
import { Empty, Panel, PanelError } from '@/components/panel';
import { listKeys } from '@/lib/server/data';
import { pageSearch, panelMessage } from '@/lib/server/page-search';
import { rangeQuery, type RawSearch, type ResolvedRange } from '@/lib/search-params';

export const dynamic = 'force-dynamic';

export default async function OverviewPage({ searchParams }: { searchParams: Promise<RawSearch> }) {
  const ps = pageSearch(KeysSearch, await searchParams);
  if (!ps.ok) return <BadUrl message={ps.message} />;
  const q = rangeQuery(ps.search).toString();
  return (
    <>
      <PageHeader title="Overview" subtitle="Every KMS key seen in CloudTrail, and how it is used." range={ps.range} />
      <Panel title="Keys" testId="keys-panel" suspenseKey={q}>
        <KeysPanel range={ps.range} linkSuffix={q ? `?${q}` : ''} />
      </Panel>
    </>
  );
}

async function KeysPanel({ range, linkSuffix }: { range: ResolvedRange; linkSuffix: string }) {
  let rows;
  try {
    rows = (await listKeys(range)).rows;
  } catch (e) {
    return <PanelError error={panelMessage(e)} />;
  }
  return (
    <>
      <NoDataHint range={range} path="/" hasData={rows.length > 0} />
      {rows.length ? <KeysTable rows={rows} linkSuffix={linkSuffix} /> : <Empty>No key was used in this range.</Empty>}
    </>
  );
}
