import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { keyFilter, UNKNOWN_KEY } from '@/lib/drill-filters';
import { DrillLink } from '@/components/drill-link';
import { FINDINGS_LOADING, FindingsSummary } from '@/components/findings-summary';
import { SeenElsewhere } from '@/components/seen-elsewhere';
import { ContextsPageSearch, principalHref } from '@/lib/api-schemas';
import type { ContextOrder } from '@/lib/queries/catalog/usage';
import { WeekdayHourHeatmap } from '@/components/charts/weekday-hour-heatmap';
import { PageBody } from '@/components/page-body';
import { PageHeader } from '@/components/page-header';
import { UsageTimelinePanel } from '@/components/usage-timeline-panel';
import { SourceIpsPanel } from '@/components/source-ips-panel';
import { Empty, guarded, Panel } from '@/components/panel';
import { EventsTable } from '@/components/recent-events';
import { ContextsOrder } from '@/components/contexts-order';
import { ContextsTable } from '@/components/contexts-table';
import { fmtInt, fmtUtc } from '@/lib/format';
import {
  encryptionContexts,
  keyNames,
  keysOfPrincipal,
  principalFiledUnder,
  principalSeen,
  principalsNamed,
  rolesWithPath,
} from '@/lib/server/data';
import { listEvents } from '@/lib/server/data-events';
import { failuresByHour } from '@/lib/server/data-failures';
import { pageSearch } from '@/lib/server/page-search';
import { decodePathParam, shownRangeQuery, toUrlSearchParams, withQuery, type RawSearch, type ResolvedRange } from '@/lib/search-params';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ principal: string }>; searchParams: Promise<RawSearch> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return {
    title: decodePathParam((await params).principal)
      .split('/')
      .pop(),
  };
}

export default async function PrincipalPage({ params, searchParams }: Props) {
  const principal = decodePathParam((await params).principal);
  const raw = await searchParams;
  const ps = pageSearch(ContextsPageSearch, raw);
  // Before anything streams, so a principal the logs never name answers 404 (not-found.tsx).
  const filedUnder = await principalFiledUnder(principal);
  if (!filedUnder) {
    // A name, not an ARN (/principals/AppServerRole, as an analyst types it): the one principal of
    // that name, with the same query, or the choice when several accounts have one. A role's ARN
    // without its path (as its sessions' ARNs name it): that role, path included.
    const named = principal.startsWith('arn:') ? await rolesWithPath(principal) : await principalsNamed(principal);
    const query = toUrlSearchParams(raw);
    if (named.length === 1) redirect(principalHref(named[0].principal, query));
    if (!named.length) notFound();
    return <WhichPrincipal name={principal} named={named} query={query} />;
  }
  // A role session's ARN (from GuardDuty, an AccessDenied message, a raw event): its calls are filed
  // under its role. Its panels show that session's calls; its findings are its role's.
  const role = filedUnder === principal ? null : filedUnder;
  return (
    <>
      <PageHeader
        title={principal.split('/').pop() ?? principal}
        subtitle={
          <>
            <span className="font-mono text-xs" data-testid="principal">
              {principal}
            </span>
            {role && (
              <span className="block text-sm" data-testid="principal-session-banner">
                A session of{' '}
                <DrillLink
                  className="font-mono text-xs text-blue-700 underline dark:text-blue-300"
                  href={principalHref(role, toUrlSearchParams(raw))}
                >
                  {role}
                </DrillLink>
                : these panels count this session&rsquo;s calls only; its role&rsquo;s page counts every session, and findings are its
                role&rsquo;s.
              </span>
            )}
          </>
        }
        range={ps.range}
        evidencePack={ps.ok}
      />
      <PageBody search={ps}>
        {(search) => (
          <Panels
            principal={principal}
            role={role}
            range={ps.range}
            rq={shownRangeQuery(search, ps.range)}
            contextsOrder={search.contextsOrder}
          />
        )}
      </PageBody>
    </>
  );
}

type P = { principal: string; range: ResolvedRange; rq: URLSearchParams };

function Panels({ contextsOrder, role, ...p }: P & { contextsOrder: ContextOrder; role: string | null }) {
  const { principal, rq } = p;
  const sk = `${principal}|${rq}`;
  // Every panel exports this principal's rows and reloads with its range (as a key page's `ofKey`).
  const ofPrincipal = { exportParams: { principal }, suspenseKey: sk };
  return (
    <div className="grid gap-6">
      <Panel
        title={role ? 'Findings about its role' : 'Findings about this principal'}
        testId="findings-panel"
        exportAs="findings"
        exportParams={{ principal: role ?? principal }}
        suspenseKey={sk}
        loading={FINDINGS_LOADING}
      >
        <FindingsSummary range={p.range} rq={rq} principal={role ?? principal} />
      </Panel>
      {/* Failures full width below: its table's error column is what that panel is for. */}
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Keys this principal uses" testId="principal-keys-panel" exportAs="principal-keys" {...ofPrincipal}>
          <KeysPanel {...p} />
        </Panel>
        <Panel title="Failed calls by weekday and hour (UTC)" testId="heatmap-panel" exportAs="failures-by-hour" {...ofPrincipal}>
          <HeatmapPanel {...p} />
        </Panel>
      </div>
      <Panel title="Usage by operation" testId="timeline-panel" exportAs="timeline" {...ofPrincipal}>
        <UsageTimelinePanel principal={p.principal} range={p.range} empty="No calls in this range." />
      </Panel>
      <Panel title="Where its calls came from" testId="source-ips-panel" exportAs="source-ips" {...ofPrincipal}>
        <SourceIpsPanel principal={principal} range={p.range} rq={rq} />
      </Panel>
      <Panel
        title="What its calls protected (encryption context)"
        testId="contexts-panel"
        exportAs="contexts"
        exportParams={{ principal, contextsOrder }}
        suspenseKey={`${sk}|${contextsOrder}`}
        actions={<ContextsOrder path={principalHref(principal)} rq={rq} order={contextsOrder} />}
      >
        <ContextsPanel {...p} order={contextsOrder} />
      </Panel>
      <Panel
        title="Recent failures"
        testId="failures-panel"
        exportAs="recent-events"
        {...ofPrincipal}
        actions={
          <DrillLink className="text-xs underline" href={withQuery('/events', rq, { principal, errorCode: '*' })}>
            All failures
          </DrillLink>
        }
      >
        <FailuresPanel {...p} />
      </Panel>
    </div>
  );
}

async function KeysPanel({ principal, range, rq }: P) {
  return guarded(async () => {
    // Keys by alias, as everywhere else (a read of the alias rollup, remembered a minute).
    const [rows, names] = await Promise.all([keysOfPrincipal(principal, range).then((r) => r.rows), keyNames()]);
    if (!rows.length) return <NoCallsInRange principal={principal} />;
    return (
      <table className="w-full text-sm" data-testid="principal-keys-table">
        <thead>
          <tr className="border-b border-gray-200 text-left text-xs text-gray-500 dark:border-gray-800">
            <th className="py-2 pr-3">Key</th>
            <th className="py-2 pr-3 text-right">Calls</th>
            <th className="py-2 pr-3 text-right">Errors</th>
            <th className="py-2 pr-3">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.keyArn} className="border-b border-gray-100 dark:border-gray-800">
              <td className="w-full max-w-0 py-2 pr-3 text-xs">
                {r.keyArn === UNKNOWN_KEY ? (
                  <span title="Calls whose record names no key (e.g. ListKeys, or a CreateKey that failed)">Calls that name no key</span>
                ) : (
                  <>
                    <DrillLink
                      className="block truncate font-medium text-blue-700 hover:underline dark:text-blue-300"
                      href={withQuery(`/keys/${encodeURIComponent(r.keyArn)}`, rq)}
                    >
                      {names.get(r.keyArn) ?? r.keyArn.split('/').pop()}
                    </DrillLink>
                    {/* The full ARN stays on the page: account and Region are what tell two keys of one alias apart. */}
                    <div className="truncate font-mono text-gray-500" title={r.keyArn}>
                      {r.keyArn}
                    </div>
                  </>
                )}
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">
                <DrillLink className="underline" href={withQuery('/events', rq, { principal, ...keyFilter(r.keyArn) })}>
                  {fmtInt(r.calls)}
                </DrillLink>
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">{fmtInt(r.errors)}</td>
              {/* Date over time, as the other half-width tables: the key column keeps the room. */}
              <td className="py-2 pr-3 text-xs whitespace-nowrap" title={fmtUtc(r.lastSeen, true)}>
                <div>{fmtUtc(r.lastSeen).slice(0, 10)}</div>
                <div className="text-gray-500">{fmtUtc(r.lastSeen).slice(11)}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  });
}

/** An empty range: where in the logs this principal's calls are, or the role a session belongs to. */
async function NoCallsInRange({ principal }: { principal: string }) {
  const seen = await principalSeen(principal);
  if (seen.calls && seen.firstSeen && seen.lastSeen)
    return (
      <Empty>
        <SeenElsewhere
          lead="This principal made no KMS calls in this range."
          held={`${fmtInt(seen.calls)} of its calls`}
          firstSeen={seen.firstSeen}
          lastSeen={seen.lastSeen}
          path={principalHref(principal)}
          testId="principal-seen-range"
        />
      </Empty>
    );
  if (seen.sessionOf)
    return (
      <Empty>
        This is a session: its calls count under its role,{' '}
        <DrillLink className="underline" href={principalHref(seen.sessionOf)} data-testid="principal-session-of">
          {seen.sessionOf}
        </DrillLink>
        .
      </Empty>
    );
  // The page answers 404 for a principal the logs never name (not-found.tsx); this is only a store
  // replaced within the minute the page remembers a principal it found.
  return <Empty>No KMS calls by this principal in the logs KeyTrail holds.</Empty>;
}

async function ContextsPanel({ principal, range, rq, order }: P & { order: ContextOrder }) {
  return guarded(async () => {
    // The keys' names beside the contexts: a read of the alias rollup, remembered a minute.
    const [res, names] = await Promise.all([encryptionContexts({ principal, order }, range), keyNames()]);
    if (!res.rows.length) return <Empty>None of this principal's calls passed an encryption context in this range.</Empty>;
    return <ContextsTable rows={res.rows} of={{ principal }} rq={rq} keyNames={names} order={order} />;
  });
}

async function HeatmapPanel({ principal, range, rq }: P) {
  return guarded(async () => {
    const rows = (await failuresByHour({ principal }, range)).rows;
    return rows.length ? (
      <WeekdayHourHeatmap cells={rows} eventsBase={withQuery('/events', rq, { principal })} />
    ) : (
      <Empty>No failed calls in this range.</Empty>
    );
  });
}

async function FailuresPanel({ principal, range }: P) {
  return guarded(async () => {
    const [res, names] = await Promise.all([listEvents(range, { principal, errorCode: '*', limit: 25, cursor: null }), keyNames()]);
    return res.events.length ? (
      <EventsTable events={res.events} showPrincipal={false} keyNames={names} />
    ) : (
      <Empty>No failed calls in this range.</Empty>
    );
  });
}

/** A short name several principals end in (a role of that name in two accounts): which one. */
function WhichPrincipal({ name, named, query }: { name: string; named: { principal: string; calls: number }[]; query: URLSearchParams }) {
  return (
    <>
      <PageHeader title={`Which “${name}”?`} evidencePack={false} buckets={false} />
      <div>
        <p className="mb-3 text-sm text-gray-700 dark:text-gray-300">
          No principal is named “{name}” exactly; these are, after their last “/” or “:”. Calls are over all the logs.
        </p>
        <ul className="space-y-1 text-sm" data-testid="principals-named">
          {named.map((p) => (
            <li key={p.principal}>
              <DrillLink className="font-mono text-blue-700 hover:underline dark:text-blue-300" href={principalHref(p.principal, query)}>
                {p.principal}
              </DrillLink>{' '}
              <span className="text-gray-500 tabular-nums">{fmtInt(p.calls)} calls</span>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
