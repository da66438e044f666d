/**
 * npm run athena:ddl -- --bucket <b> --accounts a,b --regions r1,r2 [--prefix p] [--org-id o-…] [--from yyyy/MM/dd] [--table t] [--apply]
 * Prints the CloudTrail table (partition projection) and the views KeyTrail queries (kms_events and the rollups of lib/queries/rollups.ts).
 * --apply creates them through Athena with the ATHENA_* settings (DDL is free).
 */
import { StartQueryExecutionCommand, GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { athenaRollupViewDdl, athenaViewDdl } from '../lib/engines/athena/compat';
import { createAthenaClient, loadAthenaSettings } from '../lib/engines/athena/database';
import { athenaTableDdl, hasAccountRegionPartitions, type TableOptions } from '../lib/engines/athena/schema';
import { ROLLUPS } from '../lib/queries/rollups';
import { safeMessage } from '../lib/redact';

function opt(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const list = (s?: string) =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

async function main(): Promise<void> {
  const bucket = opt('bucket');
  if (!bucket)
    throw new Error(
      'Usage: npm run athena:ddl -- --bucket <trail-bucket> --accounts 111122223333 --regions us-east-1,eu-west-1 [--org-id o-…] [--prefix p] [--from 2024/01/01] [--apply]',
    );
  const table = opt('table') ?? process.env.ATHENA_TABLE ?? 'cloudtrail_logs';
  const options: TableOptions = {
    table,
    bucket,
    prefix: opt('prefix'),
    orgId: opt('org-id'),
    accounts: list(opt('accounts')),
    regions: list(opt('regions')),
    from: opt('from'),
  };
  // The view is written for the table's layout: with account/region partitions, filters on them prune (compat.ts).
  const statements = [
    athenaTableDdl(options),
    athenaViewDdl(table, { accountRegionPartitions: hasAccountRegionPartitions(options) }),
    // After kms_events, which they read.
    ...ROLLUPS.map(athenaRollupViewDdl),
  ];
  if (!process.argv.includes('--apply')) {
    console.log(statements.join(';\n\n') + ';');
    return;
  }
  const s = loadAthenaSettings();
  const client = createAthenaClient();
  for (const sql of statements) {
    const { QueryExecutionId } = await client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        QueryExecutionContext: { Catalog: s.ATHENA_CATALOG, Database: s.ATHENA_DATABASE },
        WorkGroup: s.ATHENA_WORKGROUP,
        ...(s.ATHENA_OUTPUT_LOCATION ? { ResultConfiguration: { OutputLocation: s.ATHENA_OUTPUT_LOCATION } } : {}),
      }),
    );
    for (;;) {
      const st = (await client.send(new GetQueryExecutionCommand({ QueryExecutionId }))).QueryExecution?.Status;
      if (st?.State === 'SUCCEEDED') break;
      if (st?.State === 'FAILED' || st?.State === 'CANCELLED')
        throw new Error(`${sql.split('\n')[0]} … ${st.State}: ${st.StateChangeReason}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`ok: ${sql.split('\n')[0]}`);
  }
}

main().catch((e: unknown) => {
  console.error(safeMessage(e));
  process.exit(1);
});
