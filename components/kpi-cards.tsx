import { fmtInt, fmtPct } from '@/lib/format';

export interface Kpis {
  calls: number;
  failed: number;
  accessDenied: number;
  activeKeys: number;
  principals: number;
  /** Calls that name no key (ListKeys, ListAliases, GenerateRandom…): in the total, in no key's row. */
  noKeyCalls: number;
}

function Delta({ cur, prev, invert, paper }: { cur: number; prev: number | undefined; invert?: boolean; paper?: boolean }) {
  if (prev === undefined) return null;
  if (!prev) return <span className="text-xs text-gray-500">{cur ? 'new vs previous period' : 'same as previous period'}</span>;
  const d = (cur - prev) / prev;
  const up = d > 0;
  const bad = invert ? !up : up;
  const [red, green] = paper
    ? ['text-red-600', 'text-green-700']
    : ['text-red-600 dark:text-red-400', 'text-green-700 dark:text-green-400'];
  const color = Math.abs(d) < 0.005 ? 'text-gray-500' : bad ? red : green;
  return (
    <span className={`text-xs ${color}`}>
      {up ? '▲' : d < 0 ? '▼' : '='} {Math.abs(d * 100).toFixed(Math.abs(d) < 0.1 ? 1 : 0)}% vs previous period
    </span>
  );
}

/**
 * Headline numbers, with the change against the previous period of equal length when given.
 * `paper`: light in both colour schemes, for the report's white page.
 */
export function KpiCards({
  current,
  previous,
  showKeys = true,
  paper = false,
  previousUncovered = false,
  noKeyHref,
}: {
  current: Kpis;
  previous?: Kpis;
  showKeys?: boolean;
  paper?: boolean;
  /** The logs do not cover the previous period's start: no change is shown, and a note says why. */
  previousUncovered?: boolean;
  /** Where the calls that name no key are listed; given, the calls card says how many there are. */
  noKeyHref?: string;
}) {
  const delta = (cur: number, prev: number | undefined, invert?: boolean) => <Delta paper={paper} cur={cur} prev={prev} invert={invert} />;
  const cards = [
    {
      label: 'KMS calls',
      value: fmtInt(current.calls),
      delta: delta(current.calls, previous?.calls, true),
      // So the keys' rows, which leave these out, add up to the total.
      note:
        noKeyHref && current.noKeyCalls ? (
          <a className="text-xs text-gray-500 underline" href={noKeyHref} data-testid="kpis-no-key">
            incl. {fmtInt(current.noKeyCalls)} that name no key
          </a>
        ) : null,
    },
    { label: 'Failed calls', value: fmtInt(current.failed), delta: delta(current.failed, previous?.failed) },
    { label: 'Failure rate', value: fmtPct(current.failed, current.calls), delta: null },
    {
      label: 'AccessDenied',
      value: fmtInt(current.accessDenied),
      delta: delta(current.accessDenied, previous?.accessDenied),
    },
    ...(showKeys
      ? [
          {
            label: 'Active keys',
            value: fmtInt(current.activeKeys),
            delta: delta(current.activeKeys, previous?.activeKeys, true),
          },
        ]
      : []),
    {
      label: 'Distinct principals',
      value: fmtInt(current.principals),
      delta: delta(current.principals, previous?.principals, true),
    },
  ];
  return (
    <>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6" data-testid="kpis">
        {cards.map((c) => (
          <div
            key={c.label}
            className={`rounded-lg border border-gray-200 bg-white p-3 ${paper ? '' : 'dark:border-gray-800 dark:bg-gray-900'}`}
          >
            <dt className="text-xs text-gray-500">{c.label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{c.value}</dd>
            <dd>{c.delta}</dd>
            {'note' in c && c.note ? <dd>{c.note}</dd> : null}
          </div>
        ))}
      </dl>
      {previousUncovered ? (
        <p className="mt-2 text-xs text-gray-500" data-testid="kpis-no-previous">
          No change against the previous period: the logs do not cover its start (a trail&apos;s first days, or a gap in the logs), so it is
          no baseline.
        </p>
      ) : null}
    </>
  );
}
