import { FindingsSearch } from '@/lib/api-schemas';
import { FindingsFilters } from '@/components/findings-filters';
import { FindingsTable } from '@/components/findings-table';
import { EmptyUnlessNoLogs } from '@/components/no-data-hint';
import { PageBody } from '@/components/page-body';
import { PageHeader } from '@/components/page-header';
import { guarded, Panel } from '@/components/panel';
import type { Finding } from '@/lib/findings/rule-ids';
import { keyNames, resolveKeyRef } from '@/lib/server/data';
import { listFindings } from '@/lib/server/data-findings';
import { pageSearch } from '@/lib/server/page-search';
import { rangeQuery, toUrlSearchParams, withQuery, type RawSearch, type ResolvedRange } from '@/lib/search-params';
import type { z } from 'zod';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Findings' };

type Search = z.output<typeof FindingsSearch>;

export default async function FindingsPage({ searchParams }: { searchParams: Promise<RawSearch> }) {
  const raw = await searchParams;
  const ps = pageSearch(FindingsSearch, raw);
  const key = toUrlSearchParams(raw).toString();
  return (
    <>
      <PageHeader
        title="Findings"
        subtitle={
          <>
            Suspicious KMS activity, each with the events that prove it. Each rule, its threshold and the setting that changes it are
            described in the KeyTrail repository (docs/findings.md).
          </>
        }
        range={ps.range}
        evidencePack={ps.ok}
        buckets={false}
      />
      <FindingsFilters />
      <PageBody search={ps}>
        {(search) => (
          <Panel title="Findings" testId="findings-panel" exportAs="findings" suspenseKey={key}>
            <FindingsList search={search} range={ps.range} />
          </Panel>
        )}
      </PageBody>
    </>
  );
}

const RANK = { high: 0, medium: 1, low: 2 } as const;
const SORTS: Record<Search['sort'], (a: Finding, b: Finding) => number> = {
  severity: (a, b) => RANK[a.severity] - RANK[b.severity] || b.lastSeen.localeCompare(a.lastSeen),
  lastSeen: (a, b) => b.lastSeen.localeCompare(a.lastSeen),
  firstSeen: (a, b) => b.firstSeen.localeCompare(a.firstSeen),
  count: (a, b) => b.count - a.count,
  rule: (a, b) => a.rule.localeCompare(b.rule) || RANK[a.severity] - RANK[b.severity],
};

async function FindingsList({ search, range }: { search: Search; range: ResolvedRange }) {
  return guarded(async () => {
    const keyArn = search.key ? await resolveKeyRef(search.key) : null;
    // Key names from the alias rollup (remembered a minute), not the keys list's pass over the range.
    const [res, aliases] = await Promise.all([listFindings(range, { keyArn, principal: search.principal }), keyNames()]);
    const shown = res.findings
      .filter((f) => (!search.severity || f.severity === search.severity) && (!search.rule || f.rule === search.rule))
      .sort(SORTS[search.sort]);
    const base = {
      ...Object.fromEntries(rangeQuery(search)),
      key: search.key,
      principal: search.principal,
      severity: search.severity,
      rule: search.rule,
    };
    return (
      <>
        {res.errors.map((e) => (
          <p key={e.rule} role="alert" className="mb-2 text-sm text-red-700">
            The rule “{e.rule}” could not run: {e.error}
          </p>
        ))}
        {shown.length ? (
          <FindingsTable
            findings={shown}
            aliases={aliases}
            sortHref={(col) => withQuery('/findings', base, { sort: col })}
            sortedBy={search.sort}
          />
        ) : (
          <EmptyUnlessNoLogs range={range} path="/findings" keep={new URLSearchParams(withQuery('', base).slice(1))}>
            No findings in this range{search.severity || search.rule || search.principal ? ' for these filters' : ''}.
          </EmptyUnlessNoLogs>
        )}
      </>
    );
  });
}
