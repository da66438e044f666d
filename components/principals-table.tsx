import { DrillLink } from '@/components/drill-link';
import { fmtInt, fmtPct, fmtUtc } from '@/lib/format';

export interface PrincipalRow {
  principal: string;
  principalType: string | null;
  calls: number;
  errors: number;
  keys?: number;
  sessions: number;
  lastSeen: string;
}

/** Top principals; each opens its events (assumed-role sessions are listed there). */
export function PrincipalsTable({ rows, eventsBase, showKeys }: { rows: PrincipalRow[]; eventsBase: string; showKeys?: boolean }) {
  const sep = eventsBase.includes('?') ? '&' : '?';
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="principals-table">
        <thead>
          <tr className="border-b border-gray-200 text-left text-xs text-gray-500 dark:border-gray-800">
            <th className="py-2 pr-3">Principal</th>
            <th className="py-2 pr-3">Type</th>
            <th className="py-2 pr-3 text-right">Calls</th>
            <th className="py-2 pr-3 text-right">Errors</th>
            {showKeys && <th className="py-2 pr-3 text-right">Keys</th>}
            <th className="py-2 pr-3 text-right">Sessions</th>
            <th className="py-2 pr-3">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.principal} className="border-b border-gray-100 dark:border-gray-800">
              <td className="max-w-xs truncate py-2 pr-3 font-mono text-xs" title={r.principal}>
                <DrillLink className="text-blue-700 hover:underline dark:text-blue-300" href={`/principals/${encodeURIComponent(r.principal)}`}>
                  {r.principal}
                </DrillLink>
                <DrillLink className="ml-2 text-gray-500 underline" href={`${eventsBase}${sep}principal=${encodeURIComponent(r.principal)}`}>
                  events
                </DrillLink>
              </td>
              <td className="py-2 pr-3 text-xs">{r.principalType ?? '—'}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{fmtInt(r.calls)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">
                {fmtInt(r.errors)} <span className="text-xs text-gray-500">({fmtPct(r.errors, r.calls)})</span>
              </td>
              {showKeys && <td className="py-2 pr-3 text-right tabular-nums">{fmtInt(r.keys ?? 0)}</td>}
              <td className="py-2 pr-3 text-right tabular-nums">{r.sessions ? fmtInt(r.sessions) : '—'}</td>
              <td className="py-2 pr-3 text-xs whitespace-nowrap">{fmtUtc(r.lastSeen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
