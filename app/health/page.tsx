import { KeysSearch } from '@/lib/api-schemas';
import { PhoneCell, phoneCards, phoneLabel } from '@/components/phone-label';
import { PageBody } from '@/components/page-body';
import { PageHeader } from '@/components/page-header';
import { LastIngestPanel } from '@/components/last-ingest';
import { guarded, Panel } from '@/components/panel';
import { daySpans, fmtInt, fmtUtc } from '@/lib/format';
import { dataHealth } from '@/lib/server/data-health';
import { pageSearch } from '@/lib/server/page-search';
import { rangeQuery, withQuery, type RawSearch, type ResolvedRange } from '@/lib/search-params';
import { DrillLink } from '@/components/drill-link';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Data health' };

const STALE_MS = 86_400_000;

export default async function HealthPage({ searchParams }: { searchParams: Promise<RawSearch> }) {
  const ps = pageSearch(KeysSearch, await searchParams);
  return (
    <>
      <PageHeader
        title="Data health"
        subtitle="Is the trail delivering KMS events, from every account and region, without gaps?"
        range={ps.range}
        evidencePack={ps.ok}
        buckets={false}
      />
      <PageBody search={ps}>
        {(search) => (
          <div className="grid gap-6">
            <Panel title="KMS events by source" testId="health-panel" exportAs="health-sources" suspenseKey={rangeQuery(search).toString()}>
              <HealthPanel range={ps.range} rq={rangeQuery(search)} />
            </Panel>
            <Panel title="Last ingest" testId="last-ingest-panel">
              <LastIngestPanel />
            </Panel>
          </div>
        )}
      </PageBody>
    </>
  );
}

async function HealthPanel({ range, rq }: { range: ResolvedRange; rq: URLSearchParams }) {
  return guarded(() => healthPanel(range, rq));
}

async function healthPanel(range: ResolvedRange, rq: URLSearchParams) {
  const h = await dataHealth(range);
  const latest = h.store.lastEvent ? Date.parse(h.store.lastEvent) : null;
  return (
    <div className="grid gap-4">
      {!h.store.events ? (
        <Warn title="There are no KMS events in the store.">
          Either no logs have been loaded (<code>npm run ingest -- ./logs</code>) or the trail excludes KMS events. Trails can exclude them
          to save cost (<code>ExcludeManagementEventSources: [&quot;kms.amazonaws.com&quot;]</code>); check the trail’s event selectors.
        </Warn>
      ) : !h.total ? (
        <Warn title="No KMS events in this range.">
          The latest KMS event in the store is from {fmtUtc(h.store.lastEvent)}. If the trail should still be delivering, check that it is
          logging and that it does not exclude KMS events.
        </Warn>
      ) : null}
      <table className={`w-full text-sm ${phoneCards.table}`} data-testid="sources-table">
        <thead className={phoneCards.head}>
          <tr className="border-b border-gray-200 text-left text-xs text-gray-500 dark:border-gray-800">
            <th className="py-2 pr-3">Account</th>
            <th className="py-2 pr-3">Region</th>
            <th className="py-2 pr-3 text-right">KMS events in range</th>
            <th className="py-2 pr-3 text-right">Share</th>
            <th className="py-2 pr-3">Latest event (any time)</th>
            <th className="py-2 pr-3" title={`Silences of ${h.silenceHours} hours or more that reach into the range (KEYTRAIL_GAP_HOURS)`}>
              Silences ≥ {h.silenceHours} h
            </th>
          </tr>
        </thead>
        <tbody className={phoneCards.body}>
          {h.sources.map((s) => {
            const stale = latest !== null && latest - Date.parse(s.latestEvent) > STALE_MS;
            return (
              <tr key={`${s.account}|${s.region}`} className={`border-b border-gray-100 dark:border-gray-800 ${phoneCards.row}`}>
                <td className="py-2 pr-3 font-mono text-xs">{s.account ?? '—'}</td>
                <td className="py-2 pr-3 text-xs">{s.region ?? '—'}</td>
                <PhoneCell label="KMS events in range" className="text-right tabular-nums">
                  {fmtInt(s.events)}
                </PhoneCell>
                <PhoneCell label="Share" className="text-right tabular-nums">
                  {(s.share * 100).toFixed(1)}%
                </PhoneCell>
                <PhoneCell
                  label="Latest event"
                  className={`text-xs ${phoneCards.line} ${stale ? 'font-semibold text-amber-700 dark:text-amber-400' : ''}`}
                >
                  {fmtUtc(s.latestEvent)} {stale && '· stale: more than a day behind the newest source'}
                </PhoneCell>
                <td className={`py-2 pr-3 text-xs ${phoneCards.line}`} data-testid="source-silences">
                  {phoneLabel(`Silences ≥ ${h.silenceHours} h`)}
                  {h.silencesError ? (
                    '—'
                  ) : s.silences ? (
                    <span className="font-semibold text-amber-700 dark:text-amber-400">
                      <DrillLink className="underline" href={withQuery('/findings', rq, { rule: 'logging-gap' })}>
                        {fmtInt(s.silences.count)}
                      </DrillLink>
                      {' · longest '}
                      <DrillLink className="underline" href={withQuery('/events', s.silences.longest)}>
                        {fmtInt(s.silences.longestHours)} h
                      </DrillLink>
                    </span>
                  ) : s.events === 0 ? (
                    // Quiet since before the range and its lookback: the rule has no last event to count from.
                    range.to.getTime() - range.from.getTime() >= h.silenceHours * 3_600_000 ? (
                      <span className="font-semibold text-amber-700 dark:text-amber-400">the whole range</span>
                    ) : (
                      <span className="text-gray-500">no events in range</span>
                    )
                  ) : (
                    <span className="text-gray-500">none</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {h.silencesError && (
        <p className="text-sm text-amber-800 dark:text-amber-200" data-testid="silences-error">
          Each source’s silences could not be read: {h.silencesError}
        </p>
      )}
      <div className="text-sm" data-testid="empty-days">
        {h.emptyDays.length ? (
          <p>
            <strong>{h.emptyDays.length} whole day(s) in range (UTC) with no KMS events at all:</strong> {daySpans(h.emptyDays).join(', ')}
          </p>
        ) : (
          <p className="text-gray-500">Every day in range has KMS events.</p>
        )}
      </div>
    </div>
  );
}

function Warn({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div
      role="alert"
      className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{children}</p>
    </div>
  );
}
