/**
 * npm run athena:check: runs every catalog query once on Athena (with the ATHENA_* settings and
 * the AWS default credential chain) over the last 7 days, and prints state, bytes scanned and rows.
 * For people with credentials; not part of CI.
 */
import * as catalog from '../lib/queries/catalog';
import { createAthenaClient, loadAthenaSettings } from '../lib/engines/athena/database';
import { createAthenaEngine } from '../lib/engines/athena/engine';
import { runQuery, type QueryDef } from '../lib/queries/define';
import { safeMessage } from '../lib/redact';

async function main(): Promise<void> {
  const engine = createAthenaEngine(loadAthenaSettings(), createAthenaClient());
  const to = new Date();
  const from = new Date(to.getTime() - 7 * 86_400_000);
  const params = {
    from,
    to,
    baselineFrom: new Date(from.getTime() - 14 * 86_400_000),
    keyArn: null,
    principal: null,
    bucket: 'day',
    limit: 10,
    windowSeconds: 600,
    threshold: 20,
    minGapSeconds: 86_400,
    ref: 'alias/aws/s3',
    eventId: 'none',
  };
  let failed = 0;
  for (const def of Object.values(catalog).filter((v): v is QueryDef<never, never> => typeof v === 'object' && v !== null && 'file' in v)) {
    try {
      const r = await runQuery(engine, def, params as never);
      console.log(
        `ok    ${def.name.padEnd(28)} ${String(r.rows.length).padStart(6)} rows  ${((r.stats.dataScannedBytes ?? 0) / 1e6).toFixed(1).padStart(8)} MB  ${r.stats.reusedResult ? 'reused' : ''} ${r.stats.queryExecutionId}`,
      );
    } catch (e) {
      failed++;
      console.log(`FAIL  ${def.name.padEnd(28)} ${safeMessage(e)}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(safeMessage(e));
  process.exit(1);
});
