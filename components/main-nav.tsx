'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { goodRangeParams } from '@/lib/search-params';

const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/findings', label: 'Findings' },
  { href: '/failures', label: 'Failures' },
  { href: '/events', label: 'Events' },
  { href: '/rotation', label: 'Rotation' },
  { href: '/health', label: 'Data health' },
  { href: '/report', label: 'Report' },
] as const;

const linkClass = 'text-gray-600 hover:text-gray-900 dark:text-gray-300 dark:hover:text-white';
/** The current page: darker, bold and underlined, so it does not rest on colour alone. */
const currentClass =
  'font-semibold text-gray-900 underline decoration-blue-600 decoration-2 underline-offset-[6px] dark:text-white dark:decoration-blue-400';

/** Whether a menu item is the page shown: its own path, or a page under it (an event under Events). */
function isCurrent(href: string, pathname: string | null): boolean {
  if (!pathname) return false;
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * The main menu keeps the time range: moving from a 30-day overview to Findings must not quietly
 * show 7 days. Page-specific filters stay behind, and so does a range value that does not parse.
 */
export function MainNav() {
  const q = goodRangeParams(useSearchParams());
  const suffix = q.size ? `?${q}` : '';
  return <NavLinks suffix={suffix} />;
}

/** The links themselves; without a range (before the URL is known), plain. The current page is marked. */
export function NavLinks({ suffix = '' }: { suffix?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {NAV.map((n) => {
        const current = isCurrent(n.href, pathname);
        return (
          <Link
            key={n.href}
            href={`${n.href}${suffix}`}
            className={current ? currentClass : linkClass}
            aria-current={current ? 'page' : undefined}
          >
            {n.label}
          </Link>
        );
      })}
    </nav>
  );
}
