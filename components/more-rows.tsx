'use client';

import { useState, type ReactNode } from 'react';

/**
 * A long table's rows, the first `shown` of them at first and the rest behind a button (a row of
 * its own, so the table keeps its columns). The rows are rendered on the server; only the toggle
 * is the browser's.
 */
export function MoreRows({ rows, shown, colSpan, more }: { rows: ReactNode[]; shown: number; colSpan: number; more: string }) {
  const [all, setAll] = useState(false);
  if (rows.length <= shown) return <>{rows}</>;
  return (
    <>
      {all ? rows : rows.slice(0, shown)}
      {/* block on a phone, where the table's rows are cards (components/phone-label.tsx). */}
      <tr className="max-sm:block">
        <td colSpan={colSpan} className="py-2 max-sm:block">
          <button
            type="button"
            aria-expanded={all}
            onClick={() => setAll(!all)}
            className="text-xs text-blue-700 underline underline-offset-2 dark:text-blue-300"
          >
            {all ? `Show the first ${shown} only` : more}
          </button>
        </td>
      </tr>
    </>
  );
}
