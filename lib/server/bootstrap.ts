import 'server-only';
import { loadConfig } from '../config';
import { safeMessage } from '../redact';
import { removeServerInfo, writeServerInfo } from '../ingest/delegate';
import { startLogsWatcher } from './logs-watcher';
import { serverToken } from './server-token';
import { describeReload, finishReload, pendingReload } from '../ingest/reload';
import { formatSummary } from '../ingest/summary';
import { enqueueIngest } from './ingest-queue';
import { getLocalDb, getStore } from './store';

/**
 * Server start: take the database, tell the ingest CLI where to hand its work,
 * and keep KEYTRAIL_LOGS loaded. Failures are logged with their fix; the pages
 * show the same message, and the server keeps serving.
 */
export async function startBackground(): Promise<void> {
  const config = loadConfig();
  try {
    const { db } = await getStore();
    // Athena has no local store: nothing to advertise to the ingest CLI, no folder to watch.
    if (!db) {
      if (config.KEYTRAIL_LOGS)
        console.warn('[keytrail] KEYTRAIL_LOGS is ignored with KEYTRAIL_ENGINE=athena: Athena reads the trail in S3.');
      return;
    }
  } catch (e) {
    console.error(`[keytrail] ${safeMessage(e)}`);
    return;
  }
  const port = Number(process.env.PORT ?? 3000);
  writeServerInfo(config.dbPath, { pid: process.pid, url: `http://127.0.0.1:${port}`, token: serverToken() });
  const cleanup = () => removeServerInfo(config.dbPath);
  process.once('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      cleanup();
      process.exit(0);
    });

  if (config.KEYTRAIL_LOGS) startLogsWatcher(config.KEYTRAIL_LOGS, config.KEYTRAIL_LOGS_INTERVAL_SECONDS * 1000);
  // Started without `npm start` (which reads them first) after an upgrade changed the store's format.
  void reloadInBackground();
}

async function reloadInBackground(): Promise<void> {
  try {
    const db = await getLocalDb();
    const reload = await pendingReload(db);
    if (!reload) return;
    describeReload(reload);
    const s = await enqueueIngest(reload.roots);
    await finishReload(db);
    console.log(`[keytrail] read again the log files of the store's older format\n${formatSummary(s)}`);
  } catch (e) {
    console.error(`[keytrail] reading the store's log files again failed: ${safeMessage(e)}`);
  }
}
