/**
 * npm run ingest -- <folder-or-file>... [--follow-symlinks]
 * Loads CloudTrail delivery files (.json.gz / .json, any trail layout) into KEYTRAIL_DB.
 */
import '../lib/owner-only-files';
import { loadConfig } from '../lib/config';
import { runIngestCli } from '../lib/ingest/cli-runner';
import { diskFullMessage, isDiskFullError, isDiskFullText } from '../lib/ingest/io-errors';
import { formatSummary } from '../lib/ingest/summary';

/** The store's path for messages; the default if the configuration itself is what failed. */
function dbPath(): string {
  try {
    return loadConfig().dbPath;
  } catch {
    return 'the store';
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const follow = args.includes('--follow-symlinks');
  const paths = args.filter((a) => !a.startsWith('--'));
  if (!paths.length || args.includes('--help')) {
    console.error('Usage: npm run ingest -- <folder-or-file>... [--follow-symlinks]');
    console.error('  e.g. aws s3 sync s3://<trail-bucket>/AWSLogs ./logs && npm run ingest -- ./logs');
    return paths.length ? 0 : 2;
  }
  const summary = await runIngestCli(paths, { followSymlinks: follow });
  // A full disk can also surface per file (each batch retried file by file fails the same way):
  // that is not a problem with those files, so say what it is instead of listing them.
  const full = summary.errors.find((e) => isDiskFullText(e.reason));
  if (full) {
    console.error(diskFullMessage(dbPath(), new Error(full.reason)));
    return 2;
  }
  console.log(formatSummary(summary));
  // Problems are reported, never fatal, but the exit code lets scripts notice them.
  return summary.errors.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (isDiskFullError(e)) console.error(diskFullMessage(dbPath(), e));
    else console.error(`Ingest failed: ${e instanceof Error ? e.message : e}`);
    process.exit(2);
  },
);
