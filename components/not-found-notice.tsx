'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { notFoundHelp, refFromPathname, type Missing } from '@/lib/not-found-help';

/**
 * The body of a 404 page: what was not found and where to look instead. A client component because
 * not-found pages get no props; the path and query are the only record of what was asked for. The
 * reference is the visitor's, so it is rendered as text only.
 */
export function NotFoundNotice({ kind, title }: { kind: Missing; title: string }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const help = notFoundHelp(kind, refFromPathname(pathname), new URLSearchParams(search.toString()));
  return (
    <>
      <div className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      </div>
      <div
        role="alert"
        className="rounded border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
        data-testid="not-found"
      >
        <p className="font-semibold break-words" data-testid="not-found-message">
          {help.message}
        </p>
        <p className="mt-1">{help.hint}</p>
        <p className="mt-3">Look instead at:</p>
        <ul className="mt-1 list-disc pl-5">
          {help.links.map((l) => (
            <li key={l.href}>
              <a className="underline" href={l.href}>
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
