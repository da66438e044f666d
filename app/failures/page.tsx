import { DrillLink } from '@/components/drill-link';
import { keyFilter, principalFilter, UNKNOWN_KEY, UNKNOWN_PRINCIPAL } from '@/lib/drill-filters';
import { KeysSearch, principalHref } from '@/lib/api-schemas';
import { ERROR_CLASS_COLORS, ERROR_COLOR } from '@/components/charts/chart-config';
import { WeekdayHourHeatmap } from '@/components/charts/weekday-hour-heatmap';
import { EmptyUnlessNoLogs } from '@/components/no-data-hint';
import { PageBody } from '@/components/page-body';
import { PageHeader } from '@/components/page-header';
import { guarded, Panel } from '@/components/panel';
import { distinctArnLabels, fmtInt, shortArn } from '@/lib/format';
import { listKeys, logCoverage } from '@/lib/server/data';
import { bucketHasLogs, coverageNote } from '@/lib/log-coverage';
import { BUCKET_MS, bucketStarts } from '@/lib/time';
import { FAILURE_PAIRS_LISTED, failuresByDay, failuresByHour, failuresByPrincipalKey } from '@/lib/server/data-failures';
import { pageSearch } from '@/lib/server/page-search';
import { principalKeyGrid } from '@/lib/principal-key-grid';
import { shownRangeQuery, withQuery, type RawSearch, type ResolvedRange } from '@/lib/search-params';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Failures' };

export default async function FailuresPage({ searchParams }: { searchParams: Promise<RawSearch> }) {
  const ps = pageSearch(KeysSearch, await searchParams);
  return (
    <>
      <PageHeader
        title="Failures"
        subtitle="Who fails on which key, and when. Every cell opens the failed events it counts."
        range={ps.range}
        evidencePack={ps.ok}
      />
      <PageBody search={ps}>{(search) => <Panels range={ps.range} rq={shownRangeQuery(search, ps.range)} />}</PageBody>
    </>
  );
}

type P = { range: ResolvedRange; rq: URLSearchParams };

function Panels(p: P) {
  const q = p.rq.toString();
  return (
    <div className="grid gap-6">
      <Panel title="By weekday and hour (UTC)" testId="heatmap-panel" exportAs="failures-by-hour" suspenseKey={q}>
        <HourPanel {...p} />
      </Panel>
      <Panel title="Principal × key" testId="principal-key-panel" exportAs="failures-by-principal-key" suspenseKey={q}>
        <PrincipalKeyPanel {...p} />
      </Panel>
      <Panel title="Day × error code" testId="day-error-panel" exportAs="failures-by-day" suspenseKey={q}>
        <DayErrorPanel {...p} />
      </Panel>
    </div>
  );
}

async function HourPanel({ range, rq }: P) {
  return guarded(async () => {
    const rows = (await failuresByHour({}, range)).rows;
    return rows.length ? (
      <WeekdayHourHeatmap cells={rows} eventsBase={withQuery('/events', rq)} />
    ) : (
      <EmptyUnlessNoLogs range={range} path="/failures">
        No failed calls in this range.
      </EmptyUnlessNoLogs>
    );
  });
}

/**
 * A count cell: the colour mixed in by count (15–55%), under dark text (light in dark mode). Fading
 * the whole cell with opacity faded its number too, and white text on the full colour did not
 * reach WCAG AA contrast (axe, e2e/a11y.test.ts).
 */
const heat = (n: number, max: number, color: string) => ({
  background: n ? `color-mix(in srgb, ${color} ${Math.round(15 + 40 * (n / max))}%, transparent)` : undefined,
});

/**
 * The colour a principal × key cell takes: integrity when at least half its failures are (a
 * tampering signal is not to be drowned by the denials beside it), else AccessDenied when at least
 * half are, else key-state, which also stands for throttling and other errors here.
 */
function dominantClass(c: { accessDenied: number; integrity: number; count: number }): 'integrity' | 'access-denied' | 'key-state' {
  if (c.integrity >= c.count / 2) return 'integrity';
  return c.accessDenied >= c.count / 2 ? 'access-denied' : 'key-state';
}

async function PrincipalKeyPanel({ range, rq }: P) {
  return guarded(async () => {
    const [rows, keyRows] = await Promise.all([
      failuresByPrincipalKey(range, FAILURE_PAIRS_LISTED).then((r) => r.rows),
      listKeys(range).then((r) => r.rows),
    ]);
    if (!rows.length)
      return (
        <EmptyUnlessNoLogs range={range} path="/failures">
          No failed calls in this range.
        </EmptyUnlessNoLogs>
      );
    const alias = new Map(keyRows.map((k) => [k.keyArn, k.alias]));
    // A key without an alias by the end of its id; "(unknown key)", the calls that name none, as it is.
    const label = (k: string) =>
      k === UNKNOWN_KEY ? k : (alias.get(k)?.replace(/^alias\//, '') ?? shortArn(k).replace('key/', '').slice(-8));
    const grid = principalKeyGrid(rows);
    const keys = grid.keys;
    // The same role name in two accounts, or one alias in two regions, must not read as one row or column.
    const principalLabel = distinctArnLabels(
      grid.rows.map((r) => r.principal),
      shortArn,
    );
    const keyLabel = distinctArnLabels(keys, label);
    const max = Math.max(...rows.map((r) => r.count), ...grid.rows.map((r) => r.otherKeys));
    const box = 'mx-auto block h-6 w-12 rounded-sm text-center leading-6 font-medium text-gray-900 dark:text-gray-100';
    return (
      <div className="relative overflow-x-auto">
        <table className="text-xs" data-testid="principal-key-heatmap">
          <caption className="sr-only">Failed calls by principal (rows) and key (columns)</caption>
          <thead>
            <tr>
              <th />
              {keys.map((k) => (
                <th key={k} scope="col" className="max-w-28 truncate px-1 font-normal text-gray-500" title={k}>
                  {keyLabel.get(k)}
                </th>
              ))}
              {grid.hasOtherKeys && (
                <th scope="col" className="px-1 font-normal text-gray-500" title="Failures on keys without a column of their own">
                  Other keys
                </th>
              )}
              <th scope="col" className="px-1 font-normal text-gray-500">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {grid.rows.map(({ principal: p, cells, otherKeys, total }) => (
              <tr key={p} data-total={total}>
                <th scope="row" className="max-w-72 truncate pr-2 text-left font-mono font-normal" title={p}>
                  {p === UNKNOWN_PRINCIPAL ? (
                    principalLabel.get(p)
                  ) : (
                    <DrillLink
                      className="text-blue-700 hover:underline dark:text-blue-300"
                      href={principalHref(p, rq)}
                      data-testid="grid-principal"
                    >
                      {principalLabel.get(p)}
                    </DrillLink>
                  )}
                </th>
                {keys.map((k, i) => {
                  const c = cells[i];
                  const title = `${p} on ${k}: ${c ? `${c.accessDenied} AccessDenied, ${c.keyState} key-state, ${c.integrity} integrity, ${c.other} other` : 'no failures'}`;
                  return (
                    <td key={k} className="p-0.5">
                      {c ? (
                        <DrillLink
                          href={withQuery('/events', rq, {
                            ...principalFilter(p),
                            ...keyFilter(k),
                            errorCode: '*',
                          })}
                          title={title}
                          aria-label={title}
                          data-count={c.count}
                          className={box}
                          style={heat(c.count, max, ERROR_CLASS_COLORS[dominantClass(c)])}
                        >
                          {fmtInt(c.count)}
                        </DrillLink>
                      ) : (
                        <span className="mx-auto block h-6 w-12 rounded-sm bg-gray-100 dark:bg-gray-800" title={title} />
                      )}
                    </td>
                  );
                })}
                {grid.hasOtherKeys && (
                  <td className="p-0.5" data-other-keys="">
                    {otherKeys ? (
                      // The events list filters on one key or all: this opens the principal's failures on
                      // every key, and says so, rather than a list that would not match the count.
                      <DrillLink
                        href={withQuery('/events', rq, { ...principalFilter(p), errorCode: '*' })}
                        title={`${p}: ${fmtInt(otherKeys)} failed on keys without a column. Opens all ${fmtInt(total)} of its failures, on every key.`}
                        aria-label={`${p}: ${fmtInt(otherKeys)} failed on other keys; opens all ${fmtInt(total)} of its failures, on every key`}
                        data-count={otherKeys}
                        className={`${box} ring-1 ring-gray-300 ring-inset dark:ring-gray-600`}
                        style={heat(otherKeys, max, ERROR_COLOR)}
                      >
                        {fmtInt(otherKeys)}
                      </DrillLink>
                    ) : (
                      <span
                        className="mx-auto block h-6 w-12 rounded-sm bg-gray-100 dark:bg-gray-800"
                        title={`${p}: no failures on other keys`}
                      />
                    )}
                  </td>
                )}
                <td className="px-1 text-right font-semibold tabular-nums" data-row-total="">
                  {fmtInt(total)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-xs text-gray-500">
          Red: mostly AccessDenied; violet: mostly integrity (ciphertext, signature or MAC rejected); orange: mostly key-state and other
          errors. Busiest {grid.rows.length} principals × {keys.length} keys
          {grid.hasOtherKeys
            ? '; "Other keys" adds up each principal\'s failures on the keys not shown, so a row adds up to its total'
            : ''}
          . A failed ReEncrypt counts once here, under its source key.
          {rows[0].pairsInAll > rows.length &&
            ` Drawn from the ${fmtInt(rows.length)} busiest of ${fmtInt(rows[0].pairsInAll)} principal and key pairs that failed: a principal with none among them has no row (the events list of failures has every one).`}
        </p>
      </div>
    );
  });
}

async function DayErrorPanel({ range, rq }: P) {
  return guarded(async () => {
    const [{ rows }, coverage] = await Promise.all([failuresByDay(null, range), logCoverage(range)]);
    if (!rows.length)
      return (
        <EmptyUnlessNoLogs range={range} path="/failures">
          No failed calls in this range.
        </EmptyUnlessNoLogs>
      );
    // Every day of the range, not only those with failures: a quiet day is a column of its own, so
    // the columns read as a calendar. A day with no logs at all says so.
    const days = bucketStarts(range.from.getTime(), range.to.getTime(), 'day').map((t) => new Date(t).toISOString());
    const logged = (d: string) => bucketHasLogs(Date.parse(d), BUCKET_MS.day, coverage);
    // A day's events are those its cells count: the first and last days are cut to the range.
    const dayFrom = (d: string) => new Date(Math.max(Date.parse(d), range.from.getTime())).toISOString();
    const dayTo = (d: string) => new Date(Math.min(Date.parse(d) + BUCKET_MS.day, range.to.getTime())).toISOString();
    const codes = [...new Set(rows.map((r) => r.errorCode))].sort();
    const cell = new Map(rows.map((r) => [`${r.day}|${r.errorCode}`, r.count]));
    const max = Math.max(...rows.map((r) => r.count));
    return (
      <div className="relative overflow-x-auto">
        <table className="text-xs" data-testid="day-error-heatmap">
          <caption className="sr-only">Failed calls by day (columns) and error code (rows)</caption>
          <thead>
            <tr>
              <th />
              {days.map((d) => (
                <th
                  key={d}
                  scope="col"
                  className={`px-0.5 font-normal ${logged(d) ? 'text-gray-500' : 'text-gray-400 line-through'}`}
                  title={logged(d) ? undefined : `${d.slice(0, 10)}: no KMS call to any key is logged (missing logs, not a quiet day)`}
                >
                  {d.slice(5, 10)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {codes.map((code) => (
              <tr key={code}>
                <th scope="row" className="pr-2 text-left font-normal">
                  {code}
                </th>
                {days.map((d) => {
                  const n = cell.get(`${d}|${code}`) ?? 0;
                  const label = `${d.slice(0, 10)} ${code}: ${logged(d) ? fmtInt(n) : 'no logs'}`;
                  return (
                    <td key={d} className="p-0.5">
                      {n ? (
                        <DrillLink
                          href={withQuery('/events', { from: dayFrom(d), to: dayTo(d), errorCode: code })}
                          title={label}
                          aria-label={label}
                          className="block h-5 w-8 rounded-sm text-center leading-5 font-medium text-gray-900 dark:text-gray-100"
                          style={heat(n, max, ERROR_COLOR)}
                        >
                          {n}
                        </DrillLink>
                      ) : logged(d) ? (
                        <span className="block h-5 w-8 rounded-sm bg-gray-100 dark:bg-gray-800" title={label} />
                      ) : (
                        <span
                          className="block h-5 w-8 rounded-sm border border-dashed border-gray-300 dark:border-gray-700"
                          title={label}
                          data-no-logs=""
                        />
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        {coverageNote(coverage) && (
          <p className="mt-2 text-xs text-gray-700 dark:text-gray-300" data-testid="day-error-no-logs">
            Dashed, struck-out days: {coverageNote(coverage)}
          </p>
        )}
      </div>
    );
  });
}
