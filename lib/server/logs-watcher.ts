import 'server-only';
import { formatSummary } from '../ingest/summary';
import { enqueueIngest } from './ingest-queue';

/**
 * KEYTRAIL_LOGS: ingest the folder now, then again every interval, so a user
 * who keeps syncing the trail bucket sees new events without a restart. Only
 * new or changed files are read each time. Returns a function that stops it.
 */
export function startLogsWatcher(folder: string, intervalMs: number, log: (msg: string) => void = console.log): () => void {
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try {
      const s = await enqueueIngest([folder]);
      if (s.filesRead || s.errors.length) log(`[keytrail] ingested new files from ${folder}\n${formatSummary(s)}`);
    } catch (e) {
      log(`[keytrail] ingest of ${folder} failed: ${e instanceof Error ? e.message : e}`);
    }
  };
  log(`[keytrail] watching ${folder} for new log files every ${Math.round(intervalMs / 1000)} s`);
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
