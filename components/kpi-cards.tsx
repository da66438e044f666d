import { DrillLink } from '@/components/drill-link';
import { fmtInt, fmtPct, fmtUtc } from '@/lib/format';
import { coverageNote, FULL_COVERAGE, type LogCoverage, type NoPrevious } from '@/lib/log-coverage';

export interface Kpis {
  calls: number;
  failed: number;
  accessDenied: number;
  activeKeys: number;
  principals: number;
  /** Calls that name no key (ListKeys, ListAliases, GenerateRandom…): in the total, in no key's row. */
  noKeyCalls: number;
}

/**
 * How a change is coloured. `volume` (calls, keys, principals): grey either way, since more is
 * neither good nor bad (new principals on keys are a signal to look at, not good news).
 * `failures`: red for more, green for fewer.
 */
type Tone = 'volume' | 'failures';

const SIGN = { up: '▲', down: '▼', same: '=' } as const;

function Change({
  dir,
  amount,
  prev,
  tone,
  paper,
  title,
}: {
  dir: keyof typeof SIGN;
  amount: string;
  prev: string;
  tone: Tone;
  paper?: boolean;
  title: string;
}) {
  const [red, green] = paper
    ? ['text-red-600', 'text-green-700']
    : ['text-red-600 dark:text-red-400', 'text-green-700 dark:text-green-400'];
  const color = tone === 'volume' || dir === 'same' ? 'text-gray-500' : dir === 'up' ? red : green;
  return (
    <span className={`text-xs ${color}`} title={title} data-testid="kpi-change">
      <span aria-hidden="true">{SIGN[dir]}</span>
      <span className="sr-only">{dir === 'same' ? 'unchanged' : dir}</span> {amount}
      {amount ? ' ' : ''}
      <span className="whitespace-nowrap">(prev. {prev})</span>
    </span>
  );
}

/** A count against the previous period's: the percentage change and, so a small base shows, the previous count. */
function Delta({ cur, prev, tone, paper, title }: { cur: number; prev: number | undefined; tone: Tone; paper?: boolean; title: string }) {
  if (prev === undefined) return null;
  if (!prev) return <Change dir={cur ? 'up' : 'same'} amount={cur ? 'new' : ''} prev="0" tone={tone} paper={paper} title={title} />;
  const d = (cur - prev) / prev;
  const dir = Math.abs(d) < 0.005 ? 'same' : d > 0 ? 'up' : 'down';
  const amount = dir === 'same' ? '' : `${Math.abs(d * 100).toFixed(Math.abs(d) < 0.1 ? 1 : 0)}%`;
  return <Change dir={dir} amount={amount} prev={fmtInt(prev)} tone={tone} paper={paper} title={title} />;
}

/** The failure rate against the previous period's, in percentage points. */
function RateDelta({ cur, prev, paper, title }: { cur: Kpis; prev: Kpis | undefined; paper?: boolean; title: string }) {
  if (!prev || !cur.calls || !prev.calls) return null;
  const pp = (cur.failed / cur.calls - prev.failed / prev.calls) * 100;
  const dir = Math.abs(pp) < 0.05 ? 'same' : pp > 0 ? 'up' : 'down';
  const amount = dir === 'same' ? '' : `${Math.abs(pp).toFixed(1)} pp`;
  return (
    <Change
      dir={dir}
      amount={amount}
      prev={fmtPct(prev.failed, prev.calls)}
      tone="failures"
      paper={paper}
      title={`${title} (pp: percentage points)`}
    />
  );
}

/**
 * Headline numbers, with the change against the previous period of equal length when given:
 * the percentage and the previous value, the previous period's dates in the change's tooltip
 * (and, on paper, under the cards).
 * `paper`: light in both colour schemes, for the report's white page.
 */
/** The cards' figures from `kpisWithPrevious` (lib/server/data.ts), as every page with the cards passes them. */
export function kpiFigures(k: {
  current: Kpis;
  previous?: Kpis;
  previousRange: { from: Date; to: Date };
  previousToDate: boolean;
  noPrevious: NoPrevious | null;
  coverage: LogCoverage;
}) {
  return {
    current: k.current,
    previous: k.previous,
    previousRange: k.previousRange,
    previousToDate: k.previousToDate,
    noPrevious: k.noPrevious,
    coverage: k.coverage,
  };
}

const NO_PREVIOUS: Record<NoPrevious, string> = {
  start:
    "No change against the previous period: the logs do not cover its start (a trail's first days, or a gap in the logs), so it is no baseline.",
  end: 'No change against the previous period: the logs stop before this range ends, so its counts are not the whole range’s.',
  ahead: 'No change against the previous period: this range has not begun yet.',
};

export function KpiCards({
  current,
  previous,
  previousRange,
  showKeys = true,
  paper = false,
  previousToDate = false,
  noPrevious = null,
  coverage = FULL_COVERAGE,
  noKeyHref,
  eventsHref,
  principalsHref,
}: {
  current: Kpis;
  previous?: Kpis;
  /** The previous period the changes are against (`kpisWithPrevious().previousRange`). */
  previousRange?: { from: Date; to: Date };
  showKeys?: boolean;
  paper?: boolean;
  /** The range runs past now: `previousRange` is the same stretch of the previous period, and a note says so. */
  previousToDate?: boolean;
  /** No change is shown, and a note says why. */
  noPrevious?: NoPrevious | null;
  /** Where the logs stop short of the range: the counts cover only the logged part, and a note says so. */
  coverage?: LogCoverage;
  /** Where the calls that name no key are listed; given, the calls card says how many there are. */
  noKeyHref?: string;
  /** The events behind a card, with its filter: given, the calls, failed and AccessDenied counts link to them. */
  eventsHref?: (filter?: Record<string, string>) => string;
  /** Where the principals are listed (the page's top principals panel): given, the principals count links to it. */
  principalsHref?: string;
}) {
  const period = previousRange ? `${fmtUtc(previousRange.from)} → ${fmtUtc(previousRange.to)}` : null;
  const title = period ? `Previous period: ${period}` : 'Against the previous period of equal length';
  const delta = (cur: number, prev: number | undefined, tone: Tone) => (
    <Delta paper={paper} cur={cur} prev={prev} tone={tone} title={title} />
  );
  const noLogs = coverageNote(coverage);
  const cards = [
    {
      label: 'KMS calls',
      value: fmtInt(current.calls),
      href: eventsHref?.(),
      delta: delta(current.calls, previous?.calls, 'volume'),
      // So the keys' rows, which leave these out, add up to the total.
      note:
        noKeyHref && current.noKeyCalls ? (
          <a className="text-xs text-gray-500 underline" href={noKeyHref} data-testid="kpis-no-key">
            incl. {fmtInt(current.noKeyCalls)} that name no key
          </a>
        ) : null,
    },
    {
      label: 'Failed calls',
      value: fmtInt(current.failed),
      // errorCode=*: any failure, as the events filter reads it (error_class set: a dry run is none).
      href: current.failed ? eventsHref?.({ errorCode: '*' }) : undefined,
      delta: delta(current.failed, previous?.failed, 'failures'),
    },
    {
      label: 'Failure rate',
      value: fmtPct(current.failed, current.calls),
      delta: <RateDelta cur={current} prev={previous} paper={paper} title={title} />,
    },
    {
      label: 'AccessDenied',
      value: fmtInt(current.accessDenied),
      href: current.accessDenied ? eventsHref?.({ errorClass: 'access-denied' }) : undefined,
      delta: delta(current.accessDenied, previous?.accessDenied, 'failures'),
    },
    ...(showKeys
      ? [
          {
            label: 'Active keys',
            value: fmtInt(current.activeKeys),
            delta: delta(current.activeKeys, previous?.activeKeys, 'volume'),
          },
        ]
      : []),
    {
      label: 'Distinct principals',
      value: fmtInt(current.principals),
      href: current.principals ? principalsHref : undefined,
      linkTitle: 'Who they are: the top principals below',
      delta: delta(current.principals, previous?.principals, 'volume'),
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
            <dd className="mt-1 text-2xl font-semibold tabular-nums">
              {'href' in c && c.href ? (
                <DrillLink
                  className="hover:underline"
                  href={c.href}
                  title={'linkTitle' in c && c.linkTitle ? c.linkTitle : `The events behind ${c.label}`}
                  data-testid="kpi-drill"
                >
                  {c.value}
                </DrillLink>
              ) : (
                c.value
              )}
            </dd>
            <dd>{c.delta}</dd>
            {'note' in c && c.note ? <dd>{c.note}</dd> : null}
          </div>
        ))}
      </dl>
      {noLogs && (
        <p className={`mt-2 text-xs text-amber-800 ${paper ? '' : 'dark:text-amber-200'}`} data-testid="kpis-no-logs">
          {/* Nothing logged at all: there is no "logged part" for the counts to cover. */}
          {coverage.nothingLogged ? noLogs : `These counts cover only the logged part of the range. ${noLogs}`}
        </p>
      )}
      {noPrevious ? (
        <p className="mt-2 text-xs text-gray-500" data-testid="kpis-no-previous">
          {NO_PREVIOUS[noPrevious]}
        </p>
      ) : previous && period && previousToDate ? (
        // Shown on screen too: "▼ 37%" against a whole week would read as a drop.
        <p className="mt-2 text-xs text-gray-500" data-testid="kpis-previous-period">
          This range runs past now: changes are against the same stretch of the previous period, {period}.
        </p>
      ) : previous && period ? (
        // Paper has no tooltips: say which period the changes are against.
        <p className={`mt-2 text-xs text-gray-500 ${paper ? '' : 'hidden print:block'}`} data-testid="kpis-previous-period">
          Changes are against the previous period of equal length, {period}.
        </p>
      ) : null}
    </>
  );
}
