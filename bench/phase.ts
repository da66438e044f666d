/**
 * One measured phase of `npm run bench`, in its own process so its peak memory
 * is its own. Prints one JSON line: { ms, maxRssMb, ...counts }.
 *   ingest <logs> <db>        KeyTrail's ingest
 *   duckdb-parse <logs>       the limit: DuckDB's bare read_json of the same files
 *   diy <logs>                the do-it-yourself way: gunzip + JSON.parse, KMS events per key
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DuckDBInstance, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { Database } from '../lib/engines/duckdb/database';
import { ingestPaths } from '../lib/ingest/ingest';

function logFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'CloudTrail-Digest') walk(p);
      } else if (e.name.endsWith('.json.gz')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

async function main(): Promise<Record<string, number>> {
  const [phase, logs, db] = process.argv.slice(2);
  if (phase === 'ingest') {
    const store = await Database.open(db);
    const s = await ingestPaths(store, [logs], { sample: true });
    store.close();
    return { records: s.records, kms: s.kmsRecords, added: s.eventsAdded, files: s.filesRead };
  }
  if (phase === 'duckdb-parse') {
    const files = logFiles(logs);
    const inst = await DuckDBInstance.create(':memory:');
    const c = await inst.connect();
    // Parse every file's Records (all fields, as JSON) and count them: nothing stored.
    const r = await c.runAndReadAll(
      `SELECT sum(len(Records)) FROM read_json(?, columns = {Records: 'JSON[]'}, format = 'unstructured', maximum_object_size = 1073741824)`,
      [listValue(files)],
      [LIST(VARCHAR)],
    );
    return { records: Number(r.getRows()[0][0]), files: files.length };
  }
  if (phase === 'diy') {
    const perKey = new Map<string, number>();
    let records = 0;
    let kms = 0;
    for (const f of logFiles(logs)) {
      const doc = JSON.parse(zlib.gunzipSync(fs.readFileSync(f)).toString('utf8')) as {
        Records: { eventSource: string; resources?: { ARN: string }[] }[];
      };
      for (const r of doc.Records) {
        records++;
        if (r.eventSource !== 'kms.amazonaws.com') continue;
        kms++;
        const k = r.resources?.[0]?.ARN ?? '(none)';
        perKey.set(k, (perKey.get(k) ?? 0) + 1);
      }
    }
    return { records, kms, keys: perKey.size };
  }
  throw new Error(`unknown phase ${phase}`);
}

const t = performance.now();
main().then(
  (r) => {
    console.log(
      JSON.stringify({ ...r, ms: Math.round(performance.now() - t), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }),
    );
    process.exit(0);
  },
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
