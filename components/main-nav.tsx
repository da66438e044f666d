'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { RANGE_PARAMS } from '@/lib/search-params';

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

/**
 * The main menu keeps the time range: moving from a 30-day overview to Findings must not quietly
 * show 7 days. Page-specific filters stay behind.
 */
export function MainNav() {
  const sp = useSearchParams();
  const q = new URLSearchParams();
  for (const k of RANGE_PARAMS) {
    const v = sp.get(k);
    if (v !== null) q.set(k, v);
  }
  const suffix = q.size ? `?${q}` : '';
  return <NavLinks suffix={suffix} />;
}

/** The links themselves; without a range (before the URL is known), plain. */
export function NavLinks({ suffix = '' }: { suffix?: string }) {
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {NAV.map((n) => (
        <Link key={n.href} href={`${n.href}${suffix}`} className={linkClass}>
          {n.label}
        </Link>
      ))}
    </nav>
  );
}
