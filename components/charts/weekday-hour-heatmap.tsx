'use client';

import { DrillLink } from '@/components/drill-link';
import { useId, useState, type KeyboardEvent } from 'react';
import { fmtInt } from '@/lib/format';
import { ERROR_CLASS_LABELS } from '@/lib/error-classes';
import { ERROR_CLASS_COLORS, ERROR_COLOR } from './chart-config';
import { heatmapMove } from './heatmap-move';

export interface HeatCell {
  weekday: number;
  hour: number;
  errorClass: string;
  count: number;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const VIEWS = [
  { id: 'all', label: 'All failures', title: 'Every failed call', color: ERROR_COLOR },
  // The classes worth a view of their own; throttling and other errors are in "All failures".
  ...(['access-denied', 'key-state', 'integrity'] as const).map((id) => ({
    id,
    label: ERROR_CLASS_LABELS[id].short,
    title: ERROR_CLASS_LABELS[id].long,
    color: ERROR_CLASS_COLORS[id],
  })),
];

/** A cell's shade: its share of the busiest cell's count, and never so faint that one failure disappears (dark mode). */
const shade = (share: number) => 0.3 + 0.7 * share;
/**
 * The colour at that strength, over the page's background. Not `opacity`: it would fade the cell's
 * focus outline with it, nearly invisible on a quiet cell (dark mode above all).
 */
const tint = (color: string, strength: number) => `color-mix(in srgb, ${color} ${Math.round(strength * 100)}%, transparent)`;

/**
 * Failed calls by weekday × hour (UTC). Every cell with failures is a link to the failed events it
 * counts. The grid is one stop in the Tab order (up to 168 links would each be one, so a keyboard
 * user tabbed through them all to pass it); arrow keys move between its cells.
 */
export function WeekdayHourHeatmap({ cells, eventsBase }: { cells: HeatCell[]; eventsBase: string }) {
  const [view, setView] = useState<(typeof VIEWS)[number]['id']>('all');
  const v = VIEWS.find((x) => x.id === view)!;
  const grid = new Map<string, number>();
  for (const c of cells) {
    if (view !== 'all' && c.errorClass !== view) continue;
    const k = `${c.weekday}:${c.hour}`;
    grid.set(k, (grid.get(k) ?? 0) + c.count);
  }
  const max = Math.max(1, ...grid.values());
  const total = [...grid.values()].reduce((a, b) => a + b, 0);
  // The busiest cell, named in words: colour alone cannot be read off a printed export.
  const [busiestKey, busiest] = [...grid.entries()].reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0]);
  const [bwd, bh] = busiestKey.split(':').map(Number);
  const sep = eventsBase.includes('?') ? '&' : '?';
  // Reading order: what Left and Right walk through.
  const linked = DAYS.flatMap((_, i) => Array.from({ length: 24 }, (_, h) => `${i + 1}:${h}`)).filter((k) => grid.has(k));
  const [focusKey, setFocusKey] = useState('');
  const hintId = useId();
  // The Tab stop: the cell last focused, or the busiest (a view's toggle may have emptied the old one).
  const active = grid.has(focusKey) ? focusKey : busiestKey;
  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const to = heatmapMove(linked, active, e.key);
    if (!to) return;
    e.preventDefault();
    setFocusKey(to);
    e.currentTarget.querySelector<HTMLElement>(`[data-cell="${to}"]`)?.focus();
  };
  const href = (wd: number, h: number) =>
    `${eventsBase}${sep}errorCode=*&weekday=${wd}&hour=${h}${view === 'all' ? '' : `&errorClass=${view}`}`;

  return (
    // Plain boxes and short text: exported as SVG rects and text, not HTML (components/export/vector-svg.ts).
    <div
      data-testid="weekday-hour-heatmap"
      data-export-svg="boxes"
      // The toggles filter on screen only: an exported image names the class it shows (capture.ts).
      data-export-shown={view === 'all' ? undefined : v.title}
    >
      <div className="mb-2 flex flex-wrap items-center gap-1 text-xs">
        {/* The total first: an exported image leaves the toggles out, and the total then starts the row, not ends it after a gap. */}
        <span className="mr-auto text-gray-500">
          {fmtInt(total)} {view === 'all' ? 'failed calls' : `${v.label} failures`} · hours in UTC
        </span>
        <div
          role="group"
          aria-label="Which failures"
          // Screen controls, not evidence: the image names its class in its title and the total beside them.
          data-export-hide=""
          className="flex flex-wrap gap-1"
        >
          {VIEWS.map((x) => (
            <button
              key={x.id}
              type="button"
              aria-pressed={view === x.id}
              title={x.title}
              onClick={() => setView(x.id)}
              className={`rounded px-2 py-0.5 ring-1 ring-gray-300 dark:ring-gray-700 ${view === x.id ? 'bg-gray-900 text-white dark:bg-white dark:text-gray-900' : ''}`}
            >
              {x.label}
            </button>
          ))}
        </div>
      </div>
      {/* relative: the cells' screen-reader labels (absolute) stay inside the scroll area, not past the page. */}
      <div className="relative overflow-x-auto">
        {/* Cells share the width (down to 12 px, 8 px on a phone): all 24 hours fit a half-width panel and a phone. */}
        <p id={hintId} className="sr-only">
          Arrow keys move between the hours with failures.
        </p>
        <table
          className="w-full max-w-[40rem] border-separate border-spacing-0.5 text-[10px]"
          onKeyDown={onKeyDown}
          aria-describedby={hintId}
        >
          <caption className="sr-only">{v.label} by weekday and hour (UTC)</caption>
          <thead>
            <tr>
              <th />
              {Array.from({ length: 24 }, (_, h) => (
                <th key={h} scope="col" className="font-normal text-gray-500">
                  {h % 3 === 0 ? h : ''}
                  <span className="sr-only">{h}:00</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {DAYS.map((d, i) => (
              <tr key={d}>
                <th scope="row" className="pr-1 text-right font-normal text-gray-500">
                  {d}
                </th>
                {Array.from({ length: 24 }, (_, h) => {
                  const n = grid.get(`${i + 1}:${h}`) ?? 0;
                  // "12 failed (Integrity)", not "12 integrity" or "12 all failures".
                  const label = `${d} ${String(h).padStart(2, '0')}:00 UTC: ${fmtInt(n)} failed${view === 'all' ? '' : ` (${v.label})`}`;
                  return (
                    <td key={h} className="p-0">
                      {n ? (
                        <DrillLink
                          href={href(i + 1, h)}
                          title={label}
                          aria-label={label}
                          data-count={n}
                          data-cell={`${i + 1}:${h}`}
                          tabIndex={active === `${i + 1}:${h}` ? 0 : -1}
                          onFocus={() => setFocusKey(`${i + 1}:${h}`)}
                          className="heat-cell block h-5 w-full min-w-2 rounded-sm sm:min-w-3 outline-offset-1 focus:outline-2 focus:outline-blue-600 dark:focus:outline-blue-300"
                          style={{ background: tint(v.color, shade(n / max)) }}
                        />
                      ) : (
                        <span title={label} className="block h-5 w-full min-w-2 rounded-sm bg-gray-100 sm:min-w-3 dark:bg-gray-800" />
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > 0 && (
        <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-gray-500" data-testid="heatmap-legend">
          <span className="flex items-center gap-1" aria-hidden="true">
            1
            {[0.25, 0.5, 0.75, 1].map((f) => (
              <span key={f} className="inline-block h-3 w-4 rounded-sm" style={{ background: tint(v.color, shade(f)) }} />
            ))}
            {fmtInt(max)}
          </span>
          <span className="sr-only">Darker cells: more failures, from 1 to {fmtInt(max)} per cell.</span>
          <span>
            Busiest: {DAYS[bwd - 1]} {String(bh).padStart(2, '0')}:00 UTC, {fmtInt(busiest)} failed
          </span>
        </div>
      )}
    </div>
  );
}
