'use client';

import { DrillLink } from '@/components/drill-link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  useActiveTooltipLabel,
  type TooltipContentProps,
} from 'recharts';
import { fmtInt, fmtUtc } from '@/lib/format';
import { bucketHasLogs, coverageNote, FULL_COVERAGE, type LogCoverage } from '@/lib/log-coverage';
import { ERROR_COLOR, NO_LOGS_COLOR, OPERATION_SERIES, operationColor } from './chart-config';
import { countAxis } from './count-axis';
import { TimelineTooltip } from './timeline-tooltip';

/** Where "Show as table" is remembered (this browser). */
const AS_TABLE_KEY = 'keytrail:timeline-as-table';

/** The chart's one series for every operation without a colour of its own. */
const OTHER = 'Other operations';

/** Reports the bucket the tooltip is on (moved by the mouse or by the arrow keys) to the chart's owner. */
function ActiveBucket({ onChange }: { onChange: (t: string | null) => void }) {
  const label = useActiveTooltipLabel();
  useEffect(() => onChange(typeof label === 'string' ? label : null), [label, onChange]);
  return null;
}

/** A polite live region that says what it is told, re-rendering only itself. */
function Spoken({ register }: { register: React.RefObject<(text: string) => void> }) {
  const [text, setText] = useState('');
  useEffect(() => {
    register.current = setText;
  }, [register]);
  return (
    <p className="sr-only" aria-live="polite" data-testid="timeline-spoken">
      {text}
    </p>
  );
}

export interface TimelineChartPoint {
  t: string;
  count: number;
  errors: number;
  byEventName: Record<string, number>;
}

/**
 * Calls per bucket, stacked by operation. Each bar drills down to the events of
 * its bucket; the table view lists the same numbers with keyboard-reachable links.
 */
export function TimelineChart({
  points,
  eventNames,
  bucketMs,
  drillBase,
  rangeFrom,
  rangeTo,
  coverage = FULL_COVERAGE,
}: {
  points: TimelineChartPoint[];
  eventNames: string[];
  bucketMs: number;
  /** The events page URL with this chart's filters; a bucket adds its from/to. */
  drillBase: string;
  /** The range counted (ISO): the first and last buckets may hold only part of their span. */
  rangeFrom: string;
  rangeTo: string;
  /** Where the logs stop short of the range: those buckets are shaded "no logs", not drawn as zero use. */
  coverage?: LogCoverage;
}) {
  const router = useRouter();
  const active = useRef<string | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [asTable, setAsTableState] = useState(false);
  // A preference, not a filter: whoever reads the numbers as a table (a keyboard or screen-reader
  // user) keeps it across pages and Back, which re-mounts the chart.
  useEffect(() => setAsTableState(localStorage.getItem(AS_TABLE_KEY) === '1'), []);
  const setAsTable = (on: boolean) => {
    setAsTableState(on);
    localStorage.setItem(AS_TABLE_KEY, on ? '1' : '0');
  };
  // Operations outside the palette share one colour, so they are drawn as one series (two
  // series in the same colour could not be told apart); the table lists each of them.
  const own = eventNames.filter((n) => (OPERATION_SERIES as readonly string[]).includes(n));
  const rest = eventNames.filter((n) => !own.includes(n));
  const series = rest.length ? [...own, OTHER] : own;
  const otherLabel = `${OTHER} (${rest.slice(0, 3).join(', ')}${rest.length > 3 ? `, +${rest.length - 3}` : ''})`;
  const data = points.map((p) => {
    const row: Record<string, string | number> = { t: p.t, errors: p.errors };
    for (const n of own) row[n] = p.byEventName[n] ?? 0;
    if (rest.length) row[OTHER] = rest.reduce((sum, n) => sum + (p.byEventName[n] ?? 0), 0);
    return row;
  });
  // Bars stack every operation, so the tallest is the largest bucket total.
  const yAxis = countAxis(Math.max(0, ...points.map((p) => p.count)));
  const drillHref = (from: string, to: string, errorsOnly: boolean) => {
    const u = new URL(drillBase, 'http://x');
    u.searchParams.set('from', from);
    u.searchParams.set('to', to);
    u.searchParams.delete('range');
    if (errorsOnly) u.searchParams.set('errorCode', '*');
    return `${u.pathname}?${u.searchParams.toString()}`;
  };
  // A bucket's events are those its bar counts: the first and last buckets are cut to the range.
  const start = (t: string) => new Date(Math.max(Date.parse(t), Date.parse(rangeFrom))).toISOString();
  const end = (t: string) => new Date(Math.min(Date.parse(t) + bucketMs, Date.parse(rangeTo))).toISOString();
  // What a screen reader hears as the arrow keys move: the tooltip is drawn, not read. Said by a
  // component of its own, so a new bucket re-renders that line, not the chart.
  const speak = useRef<(text: string) => void>(() => {});
  const byT = useRef(new Map<string, TimelineChartPoint>());
  byT.current = new Map(points.map((p) => [p.t, p]));
  const setActiveBucket = useCallback((t: string | null) => {
    active.current = t;
    const p = t === null ? undefined : byT.current.get(t);
    speak.current(p ? `${fmtUtc(p.t)}: ${fmtInt(p.count)} calls, ${fmtInt(p.errors)} failed` : '');
  }, []);
  // Hours of a bucket the range covers, when it covers only part of it (the first and last buckets
  // of "Last 7d" hold a few hours each): drawn lighter and labelled, so a cut day does not read as a drop.
  const partialHours = (t: string): number | null => {
    const span = Date.parse(end(t)) - Date.parse(start(t));
    return span < bucketMs ? Math.round(span / 360_000) / 10 : null;
  };
  const partialNote = (t: string) => {
    const h = partialHours(t);
    return h === null ? '' : ` (partial: ${h} h of the ${bucketMs < 86_400_000 ? 'hour' : 'day'} in range)`;
  };
  const noLogs = (t: string) => !bucketHasLogs(Date.parse(t), bucketMs, coverage);
  // The runs of buckets before the logs begin and after they end (each one shaded area).
  const unlogged: [string, string][] = [];
  points.forEach((p, i) => {
    if (!noLogs(p.t)) return;
    const run = unlogged.at(-1);
    if (run && run[1] === points[i - 1]?.t) run[1] = p.t;
    else unlogged.push([p.t, p.t]);
  });
  const note = coverageNote(coverage);
  const anyPartial = points.some((p) => partialHours(p.t) !== null);
  const cells = points.map((p) => <Cell key={p.t} fillOpacity={partialHours(p.t) === null ? 1 : 0.45} />);
  const tick = (t: string) => (bucketMs < 86_400_000 ? `${t.slice(5, 10)} ${t.slice(11, 16)}` : t.slice(5, 10));

  return (
    <div data-testid="timeline-chart">
      {/* Screen controls: left out of exported images (components/export/capture.ts). */}
      <div className="mb-2 flex gap-4 text-sm" data-export-hide="">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={showErrors} onChange={(e) => setShowErrors(e.target.checked)} /> Show errors
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={asTable} onChange={(e) => setAsTable(e.target.checked)} /> Show as table
        </label>
      </div>
      {asTable ? (
        <div className="relative max-h-80 overflow-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Calls per bucket (UTC)</caption>
            <thead>
              <tr className="text-left text-gray-500">
                <th className="py-1 pr-3 whitespace-nowrap">Bucket start (UTC)</th>
                {eventNames.map((n) => (
                  <th key={n} className="px-2 py-1 text-right whitespace-nowrap">
                    {n}
                  </th>
                ))}
                <th className="px-2 py-1 text-right">Total</th>
                <th className="px-2 py-1 text-right">Errors</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.t} className="border-t border-gray-100 dark:border-gray-800">
                  <td className="py-1 pr-3 whitespace-nowrap">
                    <DrillLink className="text-blue-700 underline dark:text-blue-300" href={drillHref(start(p.t), end(p.t), false)}>
                      {fmtUtc(start(p.t))}
                      {partialNote(p.t)}
                      {noLogs(p.t) && ' (no logs)'}
                    </DrillLink>
                  </td>
                  {eventNames.map((n) => (
                    <td key={n} className="px-2 py-1 text-right tabular-nums">
                      {fmtInt(p.byEventName[n] ?? 0)}
                    </td>
                  ))}
                  <td className="px-2 py-1 text-right tabular-nums">{fmtInt(p.count)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">
                    {p.errors > 0 ? (
                      <DrillLink
                        className="text-blue-700 underline dark:text-blue-300"
                        href={drillHref(start(p.t), end(p.t), true)}
                        aria-label={`${fmtInt(p.errors)} failed calls from ${fmtUtc(start(p.t))}`}
                      >
                        {fmtInt(p.errors)}
                      </DrillLink>
                    ) : (
                      '0'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div
          className="h-72"
          role="group"
          aria-label={`Calls per time bucket, stacked by operation. Arrow keys move between buckets, Enter opens a bucket's events${showErrors ? ', E its failed calls' : ''}, Escape lets go of it; 'Show as table' lists the numbers.`}
          // The bar a click would open, by keyboard: the bucket the arrow keys put the tooltip on.
          onKeyDown={(e) => {
            // Escape hides the tooltip (Recharts): nothing is chosen any more, so Enter opens nothing.
            if (e.key === 'Escape') active.current = null;
            const errorsOnly = showErrors && (e.key === 'e' || e.key === 'E');
            if ((e.key === 'Enter' || e.key === ' ' || errorsOnly) && active.current) {
              e.preventDefault();
              router.push(drillHref(start(active.current), end(active.current), errorsOnly));
            }
          }}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={data}
              margin={{ top: 4, right: 8, bottom: 4, left: 0 }}
              // The focusable chart's own name (the keyboard lands on its <svg>, not on the group around it).
              title="Calls per time bucket, stacked by operation"
              desc="Arrow keys move between buckets; Enter opens a bucket's events."
            >
              <CartesianGrid strokeDasharray="3 3" stroke="var(--chart-grid)" vertical={false} />
              <XAxis dataKey="t" tickFormatter={tick} stroke="var(--chart-axis)" fontSize={11} minTickGap={24} />
              <YAxis
                stroke="var(--chart-axis)"
                fontSize={11}
                domain={yAxis.domain}
                ticks={yAxis.ticks}
                tickFormatter={(v: number) => fmtInt(v)}
                // Wide enough for the top label ("1,200,000" at 10M events), no wider.
                width={Math.max(40, 7 * fmtInt(yAxis.domain[1]).length + 12)}
              />
              {showErrors && (
                // Errors on their own scale: on the calls' scale even a bad day's errors were a sliver.
                <YAxis
                  yAxisId="errors"
                  orientation="right"
                  stroke={ERROR_COLOR}
                  fontSize={11}
                  allowDecimals={false}
                  tickFormatter={(v: number) => fmtInt(v)}
                  label={{ value: 'errors', angle: 90, position: 'insideRight', fontSize: 11, fill: ERROR_COLOR }}
                />
              )}
              <Tooltip
                // The band behind the chosen bucket, in the grid's colour: Recharts' light grey glared in dark mode.
                cursor={{ fill: 'var(--chart-grid)', fillOpacity: 0.6 }}
                content={(p) => (
                  <TimelineTooltip
                    active={p.active}
                    payload={p.payload as TooltipContentProps<number, string>['payload']}
                    label={p.label}
                    title={(t) => `${fmtUtc(t)}${partialNote(t)}${noLogs(t) ? ' (no logs)' : ''}`}
                  />
                )}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {unlogged.map(([x1, x2]) => (
                <ReferenceArea
                  key={x1}
                  x1={x1}
                  x2={x2}
                  fill={NO_LOGS_COLOR}
                  fillOpacity={1}
                  ifOverflow="extendDomain"
                  label={{ value: 'no logs', position: 'insideTop', fontSize: 11, fill: 'var(--chart-axis)' }}
                />
              ))}
              <ActiveBucket onChange={setActiveBucket} />
              {series.map((n) => (
                <Bar
                  key={n}
                  dataKey={n}
                  name={n === OTHER ? otherLabel : n}
                  stackId="ops"
                  fill={operationColor(n)}
                  cursor="pointer"
                  isAnimationActive={false}
                  onClick={(d: { payload?: { t?: unknown } }) =>
                    typeof d.payload?.t === 'string' && router.push(drillHref(start(d.payload.t), end(d.payload.t), false))
                  }
                >
                  {cells}
                </Bar>
              ))}
              {showErrors && (
                <Bar
                  yAxisId="errors"
                  dataKey="errors"
                  name="Errors (right-hand scale)"
                  fill={ERROR_COLOR}
                  cursor="pointer"
                  isAnimationActive={false}
                  onClick={(d: { payload?: { t?: unknown } }) =>
                    typeof d.payload?.t === 'string' && router.push(drillHref(start(d.payload.t), end(d.payload.t), true))
                  }
                >
                  {cells}
                </Bar>
              )}
            </BarChart>
          </ResponsiveContainer>
          <Spoken register={speak} />
        </div>
      )}
      {note && (
        <p className="mt-1 text-xs text-gray-700 dark:text-gray-300" data-testid="timeline-no-logs">
          {!asTable && 'Shaded: '}
          {note}
        </p>
      )}
      {anyPartial && !asTable && (
        <p className="mt-1 text-xs text-gray-500">
          Faded bars: buckets the range covers only in part
          {/* An image has no tooltip: the exported caption stops before it. */}
          <span data-export-hide=""> (the tooltip says how much)</span>.
        </p>
      )}
    </div>
  );
}
