import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DrillLink } from '@/components/drill-link';
import { OtherKeyMatches } from '@/components/other-key-matches';
import { SeenElsewhere } from '@/components/seen-elsewhere';
import { ContextsPageSearch, eventHref } from '@/lib/api-schemas';
import { WeekdayHourHeatmap } from '@/components/charts/weekday-hour-heatmap';
import { FINDINGS_LOADING, FindingsSummary } from '@/components/findings-summary';
import { KpiCards, kpiFigures } from '@/components/kpi-cards';
import { PageBody } from '@/components/page-body';
import { PageHeader } from '@/components/page-header';
import { UsageTimelinePanel } from '@/components/usage-timeline-panel';
import { SourceIpsPanel } from '@/components/source-ips-panel';
import { AthenaCost, Empty, guarded, Panel, PanelError } from '@/components/panel';
import { PrincipalsTable } from '@/components/principals-table';
import { ContextsOrder } from '@/components/contexts-order';
import { ContextsTable } from '@/components/contexts-table';
import { EventsTable } from '@/components/recent-events';
import { fmtInt, fmtUtc } from '@/lib/format';
import type { ContextOrder } from '@/lib/queries/catalog/usage';
import { recordQueries, type QueryRecord } from '@/lib/queries/define';
import { keyLifecycle, keyStateNow } from '@/lib/server/data-rotation';
import { KeyStateNow } from '@/components/key-state-now';
import { NO_SUCH_KEY } from '@/lib/not-found-help';
import { isAwsManagedKey } from '@/lib/aws-managed-key';
import { lifecycleDetail } from '@/lib/lifecycle-detail';
import { sharedRotationNote } from '@/lib/rotation-support';
import {
  keyAliases,
  encryptionContexts,
  keyNames,
  keySeen,
  kpisWithPrevious,
  NotFoundError,
  resolveKeyMatches,
  PRINCIPALS_LISTED,
  topPrincipals,
} from '@/lib/server/data';
import { listEvents } from '@/lib/server/data-events';
import { failuresByHour } from '@/lib/server/data-failures';
import { pageSearch, panelMessage } from '@/lib/server/page-search';
import { decodePathParam, shownRangeQuery, spanOf, withQuery, type RawSearch, type ResolvedRange } from '@/lib/search-params';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ key: string }>; searchParams: Promise<RawSearch> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const key = decodePathParam((await params).key);
  return { title: key.split('/').pop() };
}

export default async function KeyPage({ params, searchParams }: Props) {
  const ref = decodePathParam((await params).key);
  const ps = pageSearch(ContextsPageSearch, await searchParams);
  let keyArn: string;
  // Every key the reference matches, this one first (a multi-Region key id, an alias in several Regions).
  let matches: string[] = [];
  let aliases: { alias: string; lastSeen: string; isCurrent: boolean }[] = [];
  // What the header's lookups cost on Athena counts toward the page total too (resolve_key reads the whole table).
  let lookups: QueryRecord[] = [];
  try {
    const found = await recordQueries(async () => {
      const r = await resolveKeyMatches(ref);
      return { arn: r.keyArn, matches: r.matches, aliases: await keyAliases(r.keyArn) };
    });
    keyArn = found.result.arn;
    matches = found.result.matches;
    aliases = found.result.aliases;
    lookups = found.queries;
  } catch (e) {
    // The lookup runs before anything streams, so an unknown key answers 404 (not-found.tsx).
    if (e instanceof NotFoundError) notFound();
    return <PanelError error={panelMessage(e)} />;
  }
  // Links to the other matches keep a good range; a bad one is dropped with the rest of the URL.
  const linkRq = ps.ok ? shownRangeQuery(ps.search, ps.range) : new URLSearchParams();
  const [, , , region, account] = keyArn.split(':');
  return (
    <>
      <PageHeader
        // Named by an alias it has now: one that moved to another key or was deleted is history.
        title={aliases.find((a) => a.isCurrent)?.alias ?? keyArn.split('/').pop() ?? keyArn}
        subtitle={
          <>
            <span className="font-mono text-xs" data-testid="key-arn">
              {keyArn}
            </span>
            <span className="ml-2 text-xs">
              account {account} · {region}
            </span>
            {aliases.length > 0 && (
              <div className="text-xs" data-testid="key-aliases">
                Aliases seen:{' '}
                {aliases
                  .map((a) => (a.isCurrent ? a.alias : `${a.alias} (no longer: last seen on this key ${fmtUtc(a.lastSeen)})`))
                  .join(', ')}
              </div>
            )}
            {isAwsManagedKey(aliases.find((a) => a.isCurrent)?.alias) && (
              <div className="text-xs" data-testid="key-aws-managed">
                AWS managed key: an AWS service created it for this account, and AWS rotates it every year (no one can turn that off).
              </div>
            )}
            <OtherKeyMatches
              keyRef={ref}
              matches={matches}
              shown="this page shows the one seen most recently"
              href={(arn) => withQuery(`/keys/${encodeURIComponent(arn)}`, linkRq)}
              testId="key-other-matches"
            />
          </>
        }
        range={ps.range}
        evidencePack={ps.ok}
      />
      <AthenaCost queries={lookups} hidden />
      <PageBody search={ps}>
        {(search) => (
          <Panels
            keyArn={keyArn}
            range={ps.range}
            rq={shownRangeQuery(search, ps.range)}
            contextsOrder={search.contextsOrder}
            alias={aliases.find((a) => a.isCurrent)?.alias ?? null}
          />
        )}
      </PageBody>
    </>
  );
}

type P = { keyArn: string; range: ResolvedRange; rq: URLSearchParams };

function Panels({ contextsOrder, alias, ...p }: P & { contextsOrder: ContextOrder; alias: string | null }) {
  const { keyArn, rq } = p;
  const sk = `${keyArn}|${rq}`;
  // What every exportable panel of this page shares: its export is of this key, and it re-suspends when the key or range changes.
  const ofKey = { exportParams: { key: keyArn }, suspenseKey: sk };
  return (
    <div className="grid gap-6">
      <Panel title="Summary (vs the previous period of equal length)" testId="kpi-panel" exportAs="kpis" {...ofKey}>
        <KpiPanel {...p} />
      </Panel>
      <Panel title="Findings on this key" testId="findings-panel" exportAs="findings" {...ofKey} loading={FINDINGS_LOADING}>
        <FindingsSummary range={p.range} rq={rq} keyArn={keyArn} />
      </Panel>
      <Panel title="Usage by operation" testId="timeline-panel" exportAs="timeline" {...ofKey}>
        <UsageTimelinePanel keyArn={p.keyArn} range={p.range} empty={<NoCallsInRange keyArn={p.keyArn} />} />
      </Panel>
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Top principals" testId="principals-panel" exportAs="top-principals" anchor="principals" {...ofKey}>
          <PrincipalsPanel {...p} />
        </Panel>
        <Panel title="Failed calls by weekday and hour (UTC)" testId="heatmap-panel" exportAs="failures-by-hour" {...ofKey}>
          <HeatmapPanel {...p} />
        </Panel>
      </div>
      <Panel
        title="What it protected (encryption context)"
        testId="contexts-panel"
        exportAs="contexts"
        exportParams={{ key: keyArn, contextsOrder }}
        suspenseKey={`${sk}|${contextsOrder}`}
        actions={<ContextsOrder path={`/keys/${encodeURIComponent(keyArn)}`} rq={rq} order={contextsOrder} />}
      >
        <ContextsPanel {...p} order={contextsOrder} />
      </Panel>
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Where its calls came from" testId="source-ips-panel" exportAs="source-ips" {...ofKey}>
          <SourceIpsPanel keyArn={keyArn} range={p.range} rq={rq} />
        </Panel>
        <Panel title="Lifecycle (all changes up to the end of the range)" testId="lifecycle-panel" exportAs="lifecycle" {...ofKey}>
          <LifecyclePanel {...p} alias={alias} />
        </Panel>
      </div>
      <Panel
        title="Recent events"
        testId="recent-panel"
        exportAs="recent-events"
        {...ofKey}
        actions={
          <DrillLink className="text-xs underline" href={withQuery('/events', rq, { key: keyArn })}>
            All events of this key
          </DrillLink>
        }
      >
        <RecentPanel {...p} />
      </Panel>
    </div>
  );
}

async function KpiPanel({ keyArn, range, rq }: P) {
  return guarded(async () => {
    const k = await kpisWithPrevious(keyArn, range);
    // Calls, yet no key in use: every one that named this key got NotFoundException (kpis.sql's activeKeys).
    const noSuchKey = k.current.calls > 0 && k.current.activeKeys === 0;
    return (
      <>
        {noSuchKey && (
          <p className="mb-3 text-sm text-amber-900 dark:text-amber-200" data-testid="key-no-such-key">
            {NO_SUCH_KEY}
          </p>
        )}
        <KpiCards
          {...kpiFigures(k)}
          showKeys={false}
          eventsHref={(f) => withQuery('/events', rq, { key: keyArn, ...f })}
          principalsHref="#principals"
        />
      </>
    );
  });
}

async function PrincipalsPanel({ keyArn, range, rq }: P) {
  return guarded(async () => {
    const res = await topPrincipals(keyArn, range, PRINCIPALS_LISTED);
    if (!res.rows.length) return <Empty>No principal called this key in this range.</Empty>;
    return (
      <PrincipalsTable
        rows={res.rows}
        shown={25}
        limit={PRINCIPALS_LISTED}
        eventsBase={withQuery('/events', rq, { key: keyArn })}
        rq={rq}
      />
    );
  });
}

async function ContextsPanel({ keyArn, range, rq, order }: P & { order: ContextOrder }) {
  return guarded(async () => {
    const rows = (await encryptionContexts({ keyArn, order }, range)).rows;
    if (!rows.length) return <Empty>No call to this key passed an encryption context in this range.</Empty>;
    return <ContextsTable rows={rows} of={{ key: keyArn }} rq={rq} order={order} />;
  });
}

async function HeatmapPanel({ keyArn, range, rq }: P) {
  return guarded(async () => {
    const rows = (await failuresByHour({ keyArn }, range)).rows;
    return rows.length ? (
      <WeekdayHourHeatmap cells={rows} eventsBase={withQuery('/events', rq, { key: keyArn })} />
    ) : (
      <Empty>No failed calls on this key in this range.</Empty>
    );
  });
}

async function RecentPanel({ keyArn, range, rq }: P) {
  return guarded(async () => {
    // The names beside the events (a read of the alias rollup, remembered a minute): a ReEncrypt's other key is named by its alias.
    const [res, names] = await Promise.all([listEvents(range, { keyArn, limit: 25, cursor: null }), keyNames()]);
    return res.events.length ? (
      <EventsTable events={res.events} thisKey={keyArn} rq={rq} keyNames={names} />
    ) : (
      <Empty>No events in this range.</Empty>
    );
  });
}

/** An empty range: where in the logs this key's events are (read only when the range holds none). */
async function NoCallsInRange({ keyArn }: { keyArn: string }) {
  const lead = 'No calls to this key in this range.';
  // A hint, rendered after the panel's own error guard: if it cannot be read, the plain sentence stands.
  const seen = await keySeen(keyArn).catch(() => null);
  if (!seen?.events || !seen.firstSeen || !seen.lastSeen) return <>{lead}</>;
  return (
    <SeenElsewhere
      lead={lead}
      held={`${fmtInt(seen.events)} of its events`}
      firstSeen={seen.firstSeen}
      lastSeen={seen.lastSeen}
      path={`/keys/${encodeURIComponent(keyArn)}`}
      testId="key-seen-range"
    />
  );
}

/** `alias`: the one the header shows, which the state reads when the shared key names are behind it. */
async function LifecyclePanel({ keyArn, range, alias }: P & { alias: string | null }) {
  return guarded(async () => {
    const [rows, now] = await Promise.all([keyLifecycle(keyArn, range.to), keyStateNow(keyArn, range, { alias })]);
    const state = now && <KeyStateNow k={now.state} at={now.asOf} />;
    if (!rows.length)
      return (
        <>
          {state}
          <Empty>No lifecycle changes of this key in the logs.</Empty>
        </>
      );
    return (
      <>
        {state}
        <ol
          className="relative ml-2 border-l border-gray-200 text-sm [overflow-wrap:anywhere] dark:border-gray-700"
          data-testid="lifecycle"
        >
          {rows.map((r) =>
            r.eventId === null ? (
              // Grants a service made or retired for its own work: one line for all of them, opening their events.
              <li key={`${r.eventName}|${r.principal}`} className="mb-2 ml-4" data-testid="lifecycle-service-grants">
                <span className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full bg-gray-400" />
                {fmtUtc(r.eventTime)} → {fmtUtc(r.lastTime)}{' '}
                <strong>
                  {fmtInt(r.events)} × {r.eventName}
                </strong>{' '}
                <span className="font-mono text-xs text-gray-500">through {r.principal}</span>{' '}
                <span className="text-xs text-gray-500">(an AWS service's own grants, for its work)</span>{' '}
                <DrillLink
                  className="text-xs text-blue-700 underline dark:text-blue-300"
                  href={withQuery('/events', { key: keyArn, eventName: r.eventName, ...spanOf(r.eventTime, r.lastTime) })}
                >
                  the events
                </DrillLink>
              </li>
            ) : (
              <li key={r.eventId} className="mb-2 ml-4">
                <span className={`absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full ${r.errorCode ? 'bg-gray-300' : 'bg-blue-600'}`} />
                <DrillLink
                  className="text-blue-700 underline underline-offset-2 dark:text-blue-300"
                  href={eventHref(r.eventId, r.eventTime)}
                >
                  {fmtUtc(r.eventTime)}
                </DrillLink>{' '}
                <strong>{r.eventName}</strong>{' '}
                {r.detail && <span className="text-gray-600 dark:text-gray-300">({lifecycleDetail(r.eventName, r.detail)})</span>}{' '}
                <span className="font-mono text-xs text-gray-500">by {r.principal}</span>
                {/* A multi-Region key's rotation is set on its primary and shared: say where this one was. */}
                {r.keyArn !== keyArn && (
                  <span className="ml-1 text-xs text-gray-500" title={r.keyArn}>
                    ({sharedRotationNote(keyArn, r.keyArn, r.eventName)})
                  </span>
                )}
                {r.errorCode && <span className="ml-1 text-xs text-red-700 dark:text-red-300">failed: {r.errorCode}</span>}
              </li>
            ),
          )}
        </ol>
      </>
    );
  });
}
