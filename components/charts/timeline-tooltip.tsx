'use client';

import type { TooltipContentProps } from 'recharts';
import { fmtInt } from '@/lib/format';

/**
 * The timeline's tooltip: the bucket, each operation with its colour as a swatch beside text in the
 * page's own colours (series colours as text fail contrast, the light ones on white and the dark
 * ones on black), their total, and the errors apart, as they are on their own scale.
 */
export function TimelineTooltip({
  active,
  payload,
  label,
  title,
}: Pick<TooltipContentProps<number, string>, 'active' | 'payload' | 'label'> & { title: (t: string) => string }) {
  if (!active || !payload?.length) return null;
  const ops = payload.filter((p) => p.dataKey !== 'errors' && Number(p.value) > 0);
  const errors = payload.find((p) => p.dataKey === 'errors');
  const total = ops.reduce((n, p) => n + Number(p.value), 0);
  return (
    <div
      className="rounded border border-gray-300 bg-white px-2.5 py-1.5 text-xs text-gray-900 shadow-md dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100"
      data-testid="timeline-tooltip"
    >
      <p className="mb-1 font-medium">{title(String(label))}</p>
      <table>
        <tbody>
          {ops.toReversed().map((p) => (
            <tr key={String(p.dataKey)}>
              <td className="pr-1.5">
                <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: p.color }} />
              </td>
              <td className="pr-3">{p.name}</td>
              <td className="text-right tabular-nums">{fmtInt(Number(p.value))}</td>
            </tr>
          ))}
          <tr className="border-t border-gray-200 font-medium dark:border-gray-700">
            <td />
            <td className="pr-3">Total calls</td>
            <td className="text-right tabular-nums">{fmtInt(total)}</td>
          </tr>
          {errors && (
            <tr>
              <td className="pr-1.5">
                <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: errors.color }} />
              </td>
              <td className="pr-3">Errors (right-hand scale)</td>
              <td className="text-right tabular-nums">{fmtInt(Number(errors.value))}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
