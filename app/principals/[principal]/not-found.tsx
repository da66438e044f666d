import { Suspense } from 'react';
import { NotFoundNotice } from '@/components/not-found-notice';

/** What the page's notFound() renders, with a 404 (the principal is looked up before anything streams). */
export default function NotFound() {
  return (
    // The notice reads the URL (useSearchParams), which needs a boundary; on a request it does not suspend.
    <Suspense>
      <NotFoundNotice kind="principal" title="Principal not found" />
    </Suspense>
  );
}
