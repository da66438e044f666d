import cliProgress from 'cli-progress';
import { loadConfig } from '../config';
import { Database } from '../engines/duckdb/database';
import { delegateIngest, findRunningServer } from './delegate';
import { ingestPaths } from './ingest';
import { describeReload, finishReload, pendingReload } from './reload';
import type { IngestProgress, IngestSummary } from './summary';

/**
 * Runs an ingest from the command line with a progress bar: in this process
 * when the database is free, or handed to the running dashboard that holds it.
 */
export async function runIngestCli(
  paths: string[],
  opts: { followSymlinks?: boolean; sample?: boolean; quiet?: boolean } = {},
): Promise<IngestSummary> {
  const config = loadConfig();
  const bar = new cliProgress.SingleBar(
    {
      format: ' {bar} {percentage}% | {value}/{total} files | {records} records | {rate} records/s',
      hideCursor: true,
      noTTYOutput: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const onProgress = (p: IngestProgress) => {
    if (opts.quiet) return;
    const payload = {
      records: p.records.toLocaleString('en-US'),
      rate: Math.round((p.records / Math.max(1, p.elapsedMs)) * 1000).toLocaleString('en-US'),
    };
    if (!started) {
      bar.start(Math.max(1, p.filesTotal), p.filesDone, payload);
      started = true;
    }
    bar.setTotal(Math.max(1, p.filesTotal));
    bar.update(p.filesDone, payload);
  };
  try {
    const server = findRunningServer(config.dbPath);
    if (server) {
      if (!opts.quiet) console.error(`The dashboard (pid ${server.pid}) holds ${config.dbPath}; handing the files to it.`);
      return await delegateIngest(server, { paths, followSymlinks: opts.followSymlinks, sample: opts.sample }, onProgress);
    }
    const db = await Database.open(config.dbPath);
    try {
      // Files an older KeyTrail had read, before its store format changed (lib/ingest/reload.ts).
      const reload = opts.sample ? null : await pendingReload(db);
      if (reload && !opts.quiet) describeReload(reload);
      const summary = await ingestPaths(db, [...paths, ...(reload?.roots ?? [])], {
        followSymlinks: opts.followSymlinks,
        sample: opts.sample,
        onProgress,
      });
      if (reload) await finishReload(db);
      return summary;
    } finally {
      db.close();
    }
  } finally {
    if (started) bar.stop();
  }
}
