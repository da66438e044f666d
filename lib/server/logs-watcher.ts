import 'server-only';
import { formatSummary } from '../ingest/summary';
import { enqueueIngest } from './ingest-queue';

/** How often a tick walks every file again, rather than only the folders whose time changed. */
export const FULL_WALK_MS = 60 * 60 * 1000;

/**
 * KEYTRAIL_LOGS: ingest the folder now, then again every interval, so a user
 * who keeps syncing the trail bucket sees new events without a restart. Only
 * new or changed files are read each time. Between ticks it remembers which
 * folders were read in full, so a tick stats only the files of folders that
 * changed (a year of a trail is ~100k files per region); once an hour it walks
 * everything, for a file rewritten in place. Returns a function that stops it.
 */
export function startLogsWatcher(folder: string, intervalMs: number, log: (msg: string) => void = console.log): () => void {
  let stopped = false;
  const walkMemo = new Map<string, number>();
  let lastFullWalk = Date.now();
  const tick = async () => {
    if (stopped) return;
    if (Date.now() - lastFullWalk >= FULL_WALK_MS) {
      walkMemo.clear();
      lastFullWalk = Date.now();
    }
    try {
      const s = await enqueueIngest([folder], { walkMemo });
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
