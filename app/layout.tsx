import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { MainNav, NavLinks } from '@/components/main-nav';
import { PageCostProvider } from '@/components/page-cost';
import { ReturnFocus } from '@/components/return-focus';
import { SampleBanner } from '@/components/sample-banner';
import { SignedInUser } from '@/components/signed-in-user';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'KeyTrail', template: '%s · KeyTrail' },
  description: 'How your AWS KMS keys are used, read from CloudTrail logs.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
          Skip to content
        </a>
        <header className="app-chrome flex flex-wrap items-center gap-x-6 gap-y-2 border-b border-gray-200 bg-white px-6 py-3 dark:border-gray-800 dark:bg-gray-900">
          <Link href="/" className="text-lg font-semibold tracking-tight">
            Key<span className="text-blue-600 dark:text-blue-400">Trail</span>
          </Link>
          <Suspense fallback={<NavLinks />}>
            <MainNav />
          </Suspense>
          <span className="ml-auto text-xs text-gray-500">All times UTC</span>
          <Suspense fallback={null}>
            <SignedInUser />
          </Suspense>
        </header>
        <Suspense fallback={null}>
          <SampleBanner />
        </Suspense>
        <Suspense fallback={null}>
          <ReturnFocus />
        </Suspense>
        <main id="main" className="mx-auto max-w-[1600px] px-6 py-6">
          {/* Panels report their Athena cost here; the page header shows the total (components/page-cost.tsx). */}
          <PageCostProvider>{children}</PageCostProvider>
        </main>
      </body>
    </html>
  );
}
