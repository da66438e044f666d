import 'server-only';
import { loadConfig } from '../config';
import { removeServerInfo, writeServerInfo } from '../ingest/delegate';
import { formatSummary } from '../ingest/summary';
import { enqueueIngest } from './ingest-queue';
import { serverToken } from './server-token';
import { getStore } from './store';

/**
 * Server start: take the database, tell the ingest CLI where to hand its work,
 * and keep KEYTRAIL_LOGS loaded. Failures are logged with their fix; the pages
 * show the same message, and the server keeps serving.
 */
export async function startBackground(): Promise<void> {
  const config = loadConfig();
  try {
    await getStore();
  } catch (e) {
    console.error(`[keytrail] ${e instanceof Error ? e.message : e}`);
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

  if (config.KEYTRAIL_LOGS) {
    const logs = config.KEYTRAIL_LOGS;
    const tick = async () => {
      try {
        const s = await enqueueIngest([logs]);
        if (s.filesRead || s.errors.length) console.log(`[keytrail] ingested ${logs}\n${formatSummary(s)}`);
      } catch (e) {
        console.error(`[keytrail] ingest of ${logs} failed: ${e instanceof Error ? e.message : e}`);
      }
    };
    console.log(`[keytrail] watching ${logs} for new log files every ${config.KEYTRAIL_LOGS_INTERVAL_SECONDS} s`);
    void tick();
    setInterval(tick, config.KEYTRAIL_LOGS_INTERVAL_SECONDS * 1000).unref();
  }
}
