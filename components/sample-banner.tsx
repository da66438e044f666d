import { connection } from 'next/server';
import { isSampleStore } from '@/lib/ingest/sample-flag';
import { safeMessage } from '@/lib/redact';
import { getStore } from '@/lib/server/store';

/** Says plainly when the dashboard shows invented data, and how to load real logs. */
export async function SampleBanner() {
  // Request time only: prerendering a static page (the 404) at build must not open the
  // store, whose file a running dashboard holds locked (stack notes, trap 2).
  await connection();
  let sample = false;
  try {
    const { db } = await getStore();
    sample = db ? await isSampleStore(db) : false;
  } catch (e) {
    return (
      <div
        role="alert"
        className="border-b border-red-300 bg-red-50 px-6 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
      >
        <strong>KeyTrail cannot reach its data.</strong> {safeMessage(e)}
      </div>
    );
  }
  if (!sample) return null;
  return (
    <div
      role="status"
      data-testid="sample-banner"
      className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <strong>You are looking at sample data.</strong> These keys, accounts and events are invented. To see your own, sync your trail and
      ingest it: <code className="rounded bg-amber-100 px-1 dark:bg-amber-900">aws s3 sync s3://&lt;trail-bucket&gt;/AWSLogs ./logs</code>{' '}
      then <code className="rounded bg-amber-100 px-1 dark:bg-amber-900">npm run ingest -- ./logs</code> (the sample is replaced).
    </div>
  );
}
