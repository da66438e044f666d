/**
 * npm run ingest -- <folder-or-file>... [--follow-symlinks]
 * Loads CloudTrail delivery files (.json.gz / .json, any trail layout) into KEYTRAIL_DB.
 */
import { runIngestCli } from '../lib/ingest/cli-runner';
import { formatSummary } from '../lib/ingest/summary';

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
  console.log(formatSummary(summary));
  // Problems are reported, never fatal, but the exit code lets scripts notice them.
  return summary.errors.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`Ingest failed: ${e instanceof Error ? e.message : e}`);
    process.exit(2);
  },
);
