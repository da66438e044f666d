import { principalHref } from '@/lib/api-schemas';
import { DrillLink } from '@/components/drill-link';
import { MoreRows } from '@/components/more-rows';
import { PhoneCell, phoneCards, phoneLabel } from '@/components/phone-label';
import { principalFilter, UNKNOWN_PRINCIPAL } from '@/lib/drill-filters';
import { fmtInt, fmtPct, fmtUtc, shortArn } from '@/lib/format';

/** The account in an ARN (arn:partition:service:region:account:…), if it has one. */
const accountOf = (arn: string): string | null => /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1] ?? null;

export interface PrincipalRow {
  principal: string;
  principalType: string | null;
  calls: number;
  errors: number;
  keys?: number;
  sessions: number;
  lastSeen: string;
  /** How many principals the range has, the ones past the query's limit too (top_principals). */
  principalsInAll?: number;
}

const inAll = (rows: PrincipalRow[]): number => rows[0]?.principalsInAll ?? rows.length;
/** Whether the query's limit left principals out: the table says how many of how many it lists. */
const capped = (rows: PrincipalRow[], limit?: number): boolean => limit !== undefined && rows.length >= limit && inAll(rows) > rows.length;

/**
 * Top principals; each opens its page and its events (assumed-role sessions are listed there).
 * With `shown`, the first that many show and the rest are one click away: the one-off caller a
 * finding names is usually far down a busy account's list.
 */
export function PrincipalsTable({
  rows,
  shown,
  limit,
  eventsBase,
  rq,
  showKeys,
}: {
  rows: PrincipalRow[];
  /** How many show before "Show all"; every row when absent. */
  shown?: number;
  /** The most the query returns: when `rows` reach it, the table says there may be more. */
  limit?: number;
  eventsBase: string;
  /** The page's time range, which the principal's page keeps. */
  rq: URLSearchParams;
  showKeys?: boolean;
}) {
  const sep = eventsBase.includes('?') ? '&' : '?';
  return (
    <div className="relative overflow-x-auto">
      <table className={`w-full text-sm ${phoneCards.table}`} data-testid="principals-table">
        <thead className={phoneCards.head}>
          <tr className="border-b border-gray-200 text-left text-xs text-gray-500 dark:border-gray-800">
            <th className="py-2 pr-3">Principal</th>
            <th className="py-2 pr-3">Type</th>
            <th className="py-2 pr-3 text-right">Calls</th>
            <th className="py-2 pr-3 text-right">Errors</th>
            {showKeys && (
              <th className="py-2 pr-3 text-right" title="The keys its calls used: a ReEncrypt uses two, its source and its destination">
                Keys
              </th>
            )}
            <th className="py-2 pr-3 text-right">Sessions</th>
            <th className="py-2 pr-3">Last seen</th>
          </tr>
        </thead>
        <tbody className={phoneCards.body}>
          <MoreRows
            shown={shown ?? rows.length}
            colSpan={showKeys ? 7 : 6}
            more={capped(rows, limit) ? `Show the ${rows.length} busiest of ${fmtInt(inAll(rows))}` : `Show all ${rows.length} principals`}
            rows={rows.map((r) => (
              <tr key={r.principal} className={`border-b border-gray-100 dark:border-gray-800 ${phoneCards.row}`}>
                <td className={`py-2 pr-3 text-xs ${phoneCards.line}`}>
                  {/* The short name fits a half-width panel; the full ARN is the link's title. The account
                    stays visible: a role of another account is what an analyst looks for. */}
                  <div className="max-w-[12rem] truncate font-mono max-sm:max-w-full" title={r.principal}>
                    {/* Calls whose record names no caller have no page of their own; their events do. */}
                    {r.principal === UNKNOWN_PRINCIPAL ? (
                      <span title="These records name no caller (no userIdentity)">{r.principal}</span>
                    ) : (
                      <DrillLink className="text-blue-700 hover:underline dark:text-blue-300" href={principalHref(r.principal, rq)}>
                        {shortArn(r.principal)}
                      </DrillLink>
                    )}
                  </div>
                  <div className="text-gray-500">
                    {accountOf(r.principal) && <span className="mr-2 font-mono">{accountOf(r.principal)}</span>}
                    <DrillLink className="underline" href={`${eventsBase}${sep}${new URLSearchParams(principalFilter(r.principal))}`}>
                      events
                    </DrillLink>
                  </div>
                </td>
                <PhoneCell label="Type" className="text-xs">
                  {r.principalType ?? '—'}
                </PhoneCell>
                <PhoneCell label="Calls" className="text-right tabular-nums">
                  {fmtInt(r.calls)}
                </PhoneCell>
                <PhoneCell label="Errors" className="text-right tabular-nums">
                  {fmtInt(r.errors)} <span className="text-xs text-gray-500">({fmtPct(r.errors, r.calls)})</span>
                </PhoneCell>
                {showKeys && (
                  <PhoneCell label="Keys" className="text-right tabular-nums">
                    {fmtInt(r.keys ?? 0)}
                  </PhoneCell>
                )}
                <PhoneCell label="Sessions" className="text-right tabular-nums">
                  {r.sessions ? fmtInt(r.sessions) : '—'}
                </PhoneCell>
                {/* Date over time: the column stays narrow enough for a half-width panel. */}
                <td className="py-2 pr-3 text-xs whitespace-nowrap" title={fmtUtc(r.lastSeen, true)}>
                  {phoneLabel('Last seen')}
                  {/* One line on a phone's card, two in a half-width panel's column. */}
                  <div className="max-sm:inline">{fmtUtc(r.lastSeen).slice(0, 10)}</div>{' '}
                  <div className="text-gray-500 max-sm:inline">{fmtUtc(r.lastSeen).slice(11)}</div>
                </td>
              </tr>
            ))}
          />
        </tbody>
      </table>
      {capped(rows, limit) && (
        <p className="mt-2 text-xs text-gray-500" data-testid="principals-capped">
          The {fmtInt(rows.length)} busiest of {fmtInt(inAll(rows))} principals are listed. The events list filters on any other (Principal
          filter).
        </p>
      )}
    </div>
  );
}
