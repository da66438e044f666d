import 'server-only';
import { isSampleStore } from '../ingest/sample-flag';
import { getStore } from './store';

/**
 * What the numbers come from, said on every piece of evidence (exports, the report, its PDF): the
 * trail through Athena, the embedded store's logs, or KeyTrail's invented sample. The sample banner
 * is hidden in print, so a printed or exported sample must say so itself.
 */
export async function dataSource(): Promise<{ sample: boolean; label: string }> {
  const { db, engine } = await getStore();
  if (engine.dialect === 'athena') return { sample: false, label: 'CloudTrail logs through Amazon Athena' };
  const sample = db ? await isSampleStore(db) : false;
  return sample
    ? { sample, label: "KeyTrail's sample data: invented events, not a real trail" }
    : { sample, label: 'CloudTrail logs in the embedded store' };
}
