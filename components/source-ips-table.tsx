import { DrillLink } from '@/components/drill-link';
import { MoreRows } from '@/components/more-rows';
import { PhoneCell, phoneCards } from '@/components/phone-label';
import { fmtInt, fmtPct, fmtUtc } from '@/lib/format';

export interface SourceIpRow {
  sourceIp: string;
  calls: number;
  errors: number;
  principals: number;
  firstSeen: string;
  lastSeen: string;
  /** How many sources there are, the ones past the query's limit too (top_source_ips). */
  sourcesInAll?: number;
}

const inAll = (rows: SourceIpRow[]): number => rows[0]?.sourcesInAll ?? rows.length;
/** Whether the query's limit left sources out: the table says how many of how many it lists. */
const capped = (rows: SourceIpRow[], limit: number): boolean => rows.length >= limit && inAll(rows) > rows.length;

/** No address in the record: such calls have no events filter of their own. */
export const NO_SOURCE_IP = '(none)';

/**
 * What a source address is: CloudTrail writes the caller's IP, or for a call an AWS service made on
 * its caller's behalf the service's name (s3.amazonaws.com), or "AWS Internal". An IP is what an
 * analyst looks up; a service name says the call came through that service.
 */
export function sourceKind(ip: string): 'ip' | 'service' | 'none' {
  if (ip === NO_SOURCE_IP) return 'none';
  return /^[\d.]+$/.test(ip) || ip.includes(':') ? 'ip' : 'service';
}

/**
 * The addresses a key's (or a principal's) calls came from, busiest first; each opens its calls.
 * An address seen only lately, or only failing, is what an analyst chasing a leaked credential looks for.
 */
export function SourceIpsTable({
  rows,
  shown,
  limit,
  eventsBase,
}: {
  rows: SourceIpRow[];
  shown: number;
  /** The most the query returns: when `rows` reach it, the table says there may be more. */
  limit: number;
  /** The events page with this panel's key or principal and the range; a row adds its address. */
  eventsBase: string;
}) {
  const sep = eventsBase.includes('?') ? '&' : '?';
  return (
    <div className="relative overflow-x-auto">
      <table className={`w-full text-sm ${phoneCards.table}`} data-testid="source-ips-table">
        <thead className={phoneCards.head}>
          <tr className="border-b border-gray-200 text-left text-xs text-gray-500 dark:border-gray-800">
            <th className="py-2 pr-3">Source</th>
            <th className="py-2 pr-3 text-right">Calls</th>
            <th className="py-2 pr-3 text-right">Errors</th>
            <th className="py-2 pr-3 text-right">Principals</th>
            <th className="py-2 pr-3">First seen</th>
            <th className="py-2 pr-3">Last seen</th>
          </tr>
        </thead>
        <tbody className={phoneCards.body}>
          <MoreRows
            shown={shown}
            colSpan={6}
            more={capped(rows, limit) ? `Show the ${rows.length} busiest of ${fmtInt(inAll(rows))}` : `Show all ${rows.length} sources`}
            rows={rows.map((r) => {
              const kind = sourceKind(r.sourceIp);
              return (
                <tr key={r.sourceIp} className={`border-b border-gray-100 dark:border-gray-800 ${phoneCards.row}`}>
                  <td className={`py-2 pr-3 text-xs ${phoneCards.line}`}>
                    {/* Caller-written text (a service name is whatever the record says): rendered as text. */}
                    <div className="max-w-[16rem] truncate font-mono max-sm:max-w-full" title={r.sourceIp}>
                      {kind === 'none' ? (
                        <span className="text-gray-500" title="These records name no source address">
                          {r.sourceIp}
                        </span>
                      ) : (
                        <DrillLink
                          className="text-blue-700 hover:underline dark:text-blue-300"
                          href={`${eventsBase}${sep}${new URLSearchParams({ sourceIp: r.sourceIp })}`}
                        >
                          {r.sourceIp}
                        </DrillLink>
                      )}
                    </div>
                    {kind === 'service' && <div className="text-gray-500">an AWS service, for its caller</div>}
                  </td>
                  <PhoneCell label="Calls" className="text-right tabular-nums">
                    {fmtInt(r.calls)}
                  </PhoneCell>
                  <PhoneCell label="Errors" className="text-right tabular-nums">
                    {fmtInt(r.errors)} <span className="text-xs text-gray-500">({fmtPct(r.errors, r.calls)})</span>
                  </PhoneCell>
                  <PhoneCell label="Principals" className="text-right tabular-nums">
                    {fmtInt(r.principals)}
                  </PhoneCell>
                  <PhoneCell label="First" className="text-xs whitespace-nowrap">
                    {fmtUtc(r.firstSeen)}
                  </PhoneCell>
                  <PhoneCell label="Last" className="text-xs whitespace-nowrap">
                    {fmtUtc(r.lastSeen)}
                  </PhoneCell>
                </tr>
              );
            })}
          />
        </tbody>
      </table>
      {capped(rows, limit) && (
        <p className="mt-2 text-xs text-gray-500" data-testid="source-ips-capped">
          The {fmtInt(rows.length)} busiest of {fmtInt(inAll(rows))} sources are listed. The events list filters on any other (Source IP
          filter).
        </p>
      )}
    </div>
  );
}
