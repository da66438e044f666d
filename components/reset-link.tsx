'use client';

import { useSearchParams } from 'next/navigation';

/**
 * "Reset" on a page whose URL has a problem: drops only the parameters at fault, so a shared link
 * with one bad date keeps its key, principal and other filters. With none named, it drops all.
 */
export function ResetLink({ params: named }: { params: string[] }) {
  const params = [...new Set(named)];
  const sp = useSearchParams();
  const next = new URLSearchParams(sp.toString());
  for (const p of params) next.delete(p);
  const some = params.length > 0 && next.toString() !== '';
  return (
    <>
      <a className="underline" href={some ? `?${next.toString()}` : '?'} data-testid="reset-bad-params">
        {some ? `Drop ${params.map((p) => `“${p}”`).join(', ')} and try again` : 'Reset to the defaults'}
      </a>
      {some && (
        <>
          {' · '}
          <a className="underline" href="?">
            Reset all filters
          </a>
        </>
      )}
    </>
  );
}
