import { eventHref } from '@/lib/api-schemas';
import { DrillLink } from '@/components/drill-link';
import { phoneCards, phoneLabel } from '@/components/phone-label';
import { distinctArnLabels, fmtUtc, shortArn } from '@/lib/format';
import { NO_KEY_NAMES, type KeyNames } from '@/lib/key-names';
import { withQuery } from '@/lib/search-params';

export interface EventRow {
  eventId: string;
  eventTime: string;
  eventName: string | null;
  principal: string | null;
  sessionArn: string | null;
  keyArn: string | null;
  /** A ReEncrypt's destination key; keyArn is its source. */
  destKeyArn?: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  sourceIp: string | null;
  userAgent: string | null;
}

/** The account an IAM/STS ARN names (its fifth field), if it is one. */
function accountOf(arn: string | null): string | null {
  return /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn ?? '')?.[1] ?? null;
}

/**
 * On a key's page, the other key of a ReEncrypt that row is about: the destination when this key
 * is its source, the source (NULL: the record does not say) when this key is its destination.
 * Any other row used this key alone (a ReEncrypt into itself has no `destKeyArn`).
 */
function otherKey(e: EventRow, thisKey: string): { dir: 'to' | 'from'; arn: string | null } | null {
  if (!e.destKeyArn) return null;
  if (e.destKeyArn === thisKey) return { dir: 'from', arn: e.keyArn };
  if (e.keyArn === thisKey) return { dir: 'to', arn: e.destKeyArn };
  return null;
}

/** Events as rows; every caller-written field is rendered as text (React escapes it). */
export function EventsTable({
  events,
  thisKey,
  rq,
  showPrincipal = true,
  keyNames = NO_KEY_NAMES,
}: {
  events: EventRow[];
  /** Each key's current alias: the Key column shows it (the ARN in its title) where there is one. */
  keyNames?: KeyNames;
  /**
   * The key the page is about: the Key column is hidden (it would repeat it), and a ReEncrypt's
   * row names its other key beside the operation instead, with the way the data went.
   */
  thisKey?: string;
  /** The page's time range, which a link to another key's page keeps. */
  rq?: URLSearchParams;
  /** Off where the page is about one principal: the column would repeat it. */
  showPrincipal?: boolean;
}) {
  const showKey = !thisKey;
  // An alias shared by keys in two regions or accounts gets the one that tells them apart.
  const keyLabel = distinctArnLabels(
    events.flatMap((e) => [e.keyArn, e.destKeyArn].filter((a): a is string => !!a)),
    (a) => keyNames.get(a) ?? shortArn(a),
  );
  // Table cells ignore max-width, so each long value is cut inside a block of its own (full text in its title).
  const cut = (w: string, title: string, children: React.ReactNode) => (
    <div className={`${w} truncate max-sm:max-w-full`} title={title}>
      {children}
    </div>
  );
  return (
    <div className="relative overflow-x-auto">
      {/* On a phone each event is a small card: its fields wrap onto lines instead of running off to the right. */}
      <table className={`w-full text-sm ${phoneCards.table}`} data-testid="events-table">
        <thead className={phoneCards.head}>
          <tr className="border-b border-gray-200 text-left text-xs text-gray-500 dark:border-gray-800">
            <th className="py-2 pr-3">Time (UTC)</th>
            <th className="py-2 pr-3">Operation</th>
            {showPrincipal && <th className="py-2 pr-3">Principal</th>}
            {showKey && <th className="py-2 pr-3">Key</th>}
            <th className="py-2 pr-3">Error</th>
            <th className="py-2 pr-3">Source IP</th>
            <th className="py-2 pr-3">User agent</th>
          </tr>
        </thead>
        <tbody className={phoneCards.body}>
          {events.map((e) => (
            <tr key={e.eventId} className={`border-b border-gray-100 align-top dark:border-gray-800 ${phoneCards.row}`}>
              <td className="py-1.5 pr-3 whitespace-nowrap">
                <DrillLink className="text-blue-700 hover:underline dark:text-blue-300" href={eventHref(e.eventId, e.eventTime)}>
                  {fmtUtc(e.eventTime, true)}
                </DrillLink>
              </td>
              <td className="py-1.5 pr-3">
                {e.eventName}
                {thisKey && <OtherKey other={otherKey(e, thisKey)} label={keyLabel} rq={rq} />}
              </td>
              {showPrincipal && (
                <td className="py-1.5 pr-3 font-mono text-xs max-sm:basis-full">
                  {cut(
                    'max-w-[14rem]',
                    e.sessionArn ?? e.principal ?? '',
                    <>
                      {phoneLabel('Principal')}
                      {shortArn(e.principal)}
                      {/* Two roles of one name in two accounts look alike without it. */}
                      {accountOf(e.principal) && <div className="truncate text-gray-500">{accountOf(e.principal)}</div>}
                      {e.sessionArn && <div className="truncate text-gray-500">{e.sessionArn.split('/').pop()}</div>}
                    </>,
                  )}
                </td>
              )}
              {showKey && (
                <td className="py-1.5 pr-3 font-mono text-xs max-sm:basis-full">
                  {cut(
                    'max-w-[12rem]',
                    e.keyArn ?? '',
                    <>
                      {phoneLabel('Key')}
                      {e.keyArn ? keyLabel.get(e.keyArn) : shortArn(null)}
                    </>,
                  )}
                  {/* A ReEncrypt uses two keys: the source above, the destination here. */}
                  {e.destKeyArn && cut('max-w-[12rem] text-gray-500', `destination: ${e.destKeyArn}`, `→ ${keyLabel.get(e.destKeyArn)}`)}
                </td>
              )}
              <td className="py-1.5 pr-3 text-xs text-red-700 dark:text-red-300">
                {cut(
                  'max-w-[14rem]',
                  e.errorMessage ?? '',
                  e.errorCode && (
                    <>
                      {phoneLabel('Error')}
                      {e.errorCode}
                    </>
                  ),
                )}
              </td>
              <td className="py-1.5 pr-3 font-mono text-xs">
                {e.sourceIp && phoneLabel('IP')}
                {e.sourceIp}
              </td>
              <td className="py-1.5 pr-3 text-xs text-gray-500 max-sm:basis-full">
                {cut(
                  'max-w-[18rem]',
                  e.userAgent ?? '',
                  e.userAgent && (
                    <>
                      {phoneLabel('Agent')}
                      {e.userAgent}
                    </>
                  ),
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "→ alias/archive" (this key is the source) or "← alias/payments" (the destination), linking to that key's page. */
function OtherKey({ other, label, rq }: { other: ReturnType<typeof otherKey>; label: ReadonlyMap<string, string>; rq?: URLSearchParams }) {
  if (!other) return null;
  const role = other.dir === 'to' ? 'destination' : 'source';
  return (
    <div className="max-w-[12rem] truncate font-mono text-xs max-sm:max-w-full" title={`${role}: ${other.arn ?? 'not in the record'}`}>
      <span aria-hidden="true">{other.dir === 'to' ? '→' : '←'} </span>
      <span className="sr-only">{other.dir} </span>
      {other.arn ? (
        <DrillLink
          className="text-blue-700 hover:underline dark:text-blue-300"
          href={withQuery(`/keys/${encodeURIComponent(other.arn)}`, rq ?? {})}
        >
          {label.get(other.arn)}
        </DrillLink>
      ) : (
        <span className="text-gray-500">an unknown key</span>
      )}
    </div>
  );
}
