import { Suspense } from 'react';
import { NotFoundNotice } from '@/components/not-found-notice';

export const metadata = { title: 'Not found' };

/** An address no page has (the detail pages have their own, saying what they looked for). */
export default function NotFound() {
  return (
    <Suspense>
      <NotFoundNotice kind="page" title="Page not found" />
    </Suspense>
  );
}
