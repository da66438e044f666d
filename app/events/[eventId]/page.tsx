import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ContextPairList } from '@/components/contexts-table';
import { DrillLink } from '@/components/drill-link';
import { JsonView } from '@/components/json-view';
import { PageBody } from '@/components/page-body';
import { PageHeader } from '@/components/page-header';
import { canExport } from '@/lib/server/viewer';
import { Panel, PanelError } from '@/components/panel';
import { accessKeyKind, eventSummary, type EventSummary } from '@/lib/event-summary';
import { deliveryFileLabel, fmtUtc, shortArn } from '@/lib/format';
import { eventHref, EventRawSearch, filterPrefix, principalHref } from '@/lib/api-schemas';
import { keyAliases, NotFoundError } from '@/lib/server/data';
import { rawEvent } from '@/lib/server/data-events';
import { decodePathParam, withQuery, type RawSearch } from '@/lib/search-params';
import { wholeDaysAround } from '@/lib/time';
import { panelMessage, urlSearch } from '@/lib/server/page-search';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ eventId: string }>; searchParams: Promise<RawSearch> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Event ${decodePathParam((await params).eventId)}` };
}

export default async function EventPage({ params, searchParams }: Props) {
  const eventId = decodePathParam((await params).eventId);
  const us = urlSearch(EventRawSearch, await searchParams);
  if (!us.ok)
    // A bad `t` (the event's time, a hint for the lookup): the header and the notice, no lookup.
    return (
      <>
        <PageHeader title="Event" subtitle={<span className="font-mono text-xs">{eventId}</span>} />
        <PageBody search={us}>{() => null}</PageBody>
      </>
    );
  let ev;
  try {
    ev = await rawEvent(eventId, us.search.t ? new Date(us.search.t) : null);
  } catch (e) {
    // The lookup runs before anything streams, so an unknown event answers 404 (not-found.tsx).
    if (e instanceof NotFoundError) notFound();
    return <PanelError error={panelMessage(e)} />;
  }
  const summary = eventSummary(ev.raw);
  const [alias, exportable] = await Promise.all([ev.keyArn ? aliasAt(ev.keyArn, ev.eventTime) : null, canExport()]);
  // What happened, in the heading: the operation, on which key, and whether it failed.
  const heading = summary?.eventName
    ? `${summary.eventName}${ev.keyArn ? ` on ${alias?.alias ?? shortArn(ev.keyArn)}` : ''}${summary.errorCode ? ` (failed: ${summary.errorCode})` : ''}`
    : 'Event';
  return (
    <>
      <PageHeader
        title={heading}
        subtitle={
          <span className="font-mono text-xs">
            {ev.eventId} · {fmtUtc(ev.eventTime, true)}
          </span>
        }
      />
      <div className="mb-4">
        <Panel title="Summary" testId="event-summary">
          <EventFacts ev={ev} summary={summary} alias={alias} />
        </Panel>
      </div>
      <Panel title="As CloudTrail wrote it" testId="raw-event">
        {ev.raw === null ? (
          <p className="text-sm text-amber-800 dark:text-amber-300" role="status" data-testid="raw-problem">
            {ev.rawProblem.message}
          </p>
        ) : (
          <JsonView
            raw={ev.raw}
            downloadHref={exportable ? `/api${eventHref(ev.eventId, ev.eventTime)}${ev.eventTime ? '&' : '?'}download=1` : null}
          />
        )}
        {ev.sourceFile && (
          <p className="mt-2 truncate text-xs text-gray-500" title={deliveryFileLabel(ev.sourceFile)} data-testid="delivery-file">
            Delivery file: <span className="font-mono">{deliveryFileLabel(ev.sourceFile)}</span>
          </p>
        )}
      </Panel>
    </>
  );
}

/**
 * The key's alias when the event happened: the one it has now, or one it had then. Only a label:
 * when the aliases cannot be read, the key shows by its ARN.
 */
async function aliasAt(keyArn: string, eventTime: string | null): Promise<{ alias: string; current: boolean } | null> {
  try {
    const aliases = await keyAliases(keyArn);
    const now = aliases.find((a) => a.isCurrent);
    if (now) return { alias: now.alias, current: true };
    const then = eventTime && aliases.find((a) => a.firstSeen <= eventTime && eventTime <= a.lastSeen);
    return then ? { alias: then.alias, current: false } : null;
  } catch {
    return null;
  }
}

type Ev = {
  eventId: string;
  eventTime: string | null;
  keyArn: string | null;
  principal: string | null;
  encryptionContext: string | null;
  raw: string | null;
};

/**
 * What happened, at a glance, above the record itself. Every value the record holds was written
 * by the caller (or by AWS on its say-so), so each is rendered as React text, never as markup.
 * Without the record (its delivery file gone), the facts the store keeps still show.
 */
function EventFacts({
  ev,
  summary: s,
  alias,
}: {
  ev: Ev;
  summary: EventSummary | null;
  alias: { alias: string; current: boolean } | null;
}) {
  // The principal's and the key's pages open on the week around the call, not on the last days.
  const around = ev.eventTime ? wholeDaysAround(ev.eventTime, ev.eventTime, 3) : {};
  const who = [s?.identityType, s?.session && `session ${s.session}`, s?.invokedBy && `via ${s.invokedBy}`].filter(Boolean).join(' · ');
  // What signed the call: its kind (by the key's prefix), MFA and console sign-in, where the record says.
  const credentials = [
    s?.accessKeyId && accessKeyKind(s.accessKeyId),
    s?.mfaAuthenticated === true && 'signed in with MFA',
    s?.mfaAuthenticated === false && 'no MFA',
    s?.fromConsole && 'console sign-in',
  ].filter((t): t is string => typeof t === 'string');
  const rows: [string, React.ReactNode][] = [
    [
      'Time (UTC)',
      ev.eventTime ? (
        fmtUtc(ev.eventTime, true)
      ) : (
        <>
          {s?.eventTime ?? '—'} <span className="text-gray-500">(not readable as a time)</span>
        </>
      ),
    ],
    ['Operation', s?.eventName ?? '—'],
    [
      'Outcome',
      !s ? (
        '—'
      ) : s.errorCode === 'DryRunOperationException' ? (
        // The answer to dryRun: true when KMS would have allowed the call: a check, not a failure.
        <>
          <span className="text-green-700 dark:text-green-400">Dry run: the call would have succeeded</span>
          <span className="block text-gray-500">{s.errorCode}</span>
        </>
      ) : s.errorCode ? (
        <>
          <span className="font-semibold text-red-700 dark:text-red-300" data-testid="event-error">
            {s.errorCode}
          </span>
          {s.errorMessage && <span className="block break-words">{s.errorMessage}</span>}
        </>
      ) : (
        <span className="text-green-700 dark:text-green-400">Succeeded</span>
      ),
    ],
    [
      'Principal',
      ev.principal ? (
        <>
          <DrillLink className={link} href={principalHref(ev.principal, around)} title={ev.principal}>
            <span className="font-mono text-xs break-all">{shortArn(ev.principal)}</span>
          </DrillLink>
          {s?.principalAccount && <span className="text-gray-500"> ({s.principalAccount})</span>}
          {' · '}
          <DrillLink className={link} href={withQuery('/events', around, { principal: ev.principal })}>
            its events, that week
          </DrillLink>
          {who && <span className="block text-xs break-words text-gray-500">{who}</span>}
        </>
      ) : (
        <>
          <span className={mono}>{s?.identityArn ?? '—'}</span>
          {who && <span className="block text-xs break-words text-gray-500">{who}</span>}
        </>
      ),
    ],
    [
      'Key',
      ev.keyArn ? (
        <>
          <DrillLink className={link} href={withQuery(`/keys/${encodeURIComponent(ev.keyArn)}`, around)} data-testid="event-key">
            {alias ? alias.alias : <span className={mono}>{shortArn(ev.keyArn)}</span>}
          </DrillLink>
          {alias && !alias.current && <span className="text-gray-500"> (its alias then)</span>}
          <span className={`block text-gray-500 ${mono}`}>{ev.keyArn}</span>
        </>
      ) : (
        <span className="text-gray-500">none (this call names no key)</span>
      ),
    ],
    [
      'Credentials',
      credentials.length || s?.accessKeyId ? (
        <span data-testid="event-credentials">
          {s?.accessKeyId && <span className={mono}>{s.accessKeyId}</span>}
          <span className="text-gray-500">{[s?.accessKeyId ? '' : null, ...credentials].filter((t) => t !== null).join(' · ')}</span>
          {s?.accessKeyId && ev.eventTime && (
            <>
              {' · '}
              {/* The day before and after: a temporary key lives hours, and a leaked one is chased around its use. */}
              <DrillLink
                className={link}
                href={withQuery('/events', wholeDaysAround(ev.eventTime, ev.eventTime, 1), { accessKeyId: s.accessKeyId })}
              >
                its calls that day ±1
              </DrillLink>
            </>
          )}
        </span>
      ) : (
        '—'
      ),
    ],
    [
      'Encryption context',
      s?.contexts.length ? (
        <div data-testid="event-contexts">
          {s.contexts.map((c, i) => (
            <div key={i} className="mb-1">
              {(s.contexts.length > 1 || c.label !== 'the call’s') && <span className="text-xs text-gray-500">{c.label}</span>}
              <ContextPairList pairs={c.pairs} />
            </div>
          ))}
          {ev.encryptionContext && ev.keyArn && ev.eventTime && (
            // The same data's other calls: who else read this object or secret, around this call.
            <DrillLink
              className={link}
              href={withQuery('/events', wholeDaysAround(ev.eventTime, ev.eventTime, 7), {
                key: ev.keyArn,
                context: filterPrefix(ev.encryptionContext),
              })}
            >
              calls to this key with this context, ±7 days
            </DrillLink>
          )}
        </div>
      ) : (
        '—'
      ),
    ],
    // The analyst's pivots: what else came from this address, or from this tool, around this call.
    ['Source IP', s?.sourceIp ? <Pivot value={s.sourceIp} param="sourceIp" at={ev.eventTime} label="calls from this address" /> : '—'],
    ['User agent', s?.userAgent ? <Pivot value={s.userAgent} param="userAgent" at={ev.eventTime} label="calls with this agent" /> : '—'],
    ['Region', s?.region ?? '—'],
    ['Account', s?.account ?? '—'],
  ];
  return (
    <dl className="grid grid-cols-1 gap-x-6 text-sm sm:grid-cols-[max-content_minmax(0,1fr)] sm:gap-y-1.5">
      {rows.map(([k, v], i) => (
        <div key={k} className="contents">
          <dt className={`text-gray-500 ${i ? 'mt-2 sm:mt-0' : ''}`}>{k}</dt>
          <dd className="min-w-0">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const link = 'text-blue-700 underline dark:text-blue-300';
const mono = 'font-mono text-xs break-all';

/** A value, and a link to every call with it (any key, any principal) from the day before to the day after. */
function Pivot({ value, param, at, label }: { value: string; param: 'sourceIp' | 'userAgent'; at: string | null; label: string }) {
  return (
    <>
      <span className={mono}>{value}</span>
      {at && (
        <>
          {' · '}
          <DrillLink className={link} href={withQuery('/events', wholeDaysAround(at, at, 1), { [param]: filterPrefix(value) })}>
            {label}, that day ±1
          </DrillLink>
        </>
      )}
    </>
  );
}
