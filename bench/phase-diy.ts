/**
 * Bench phase, the do-it-yourself way: what a short Node script would do with the
 * same files: gunzip, JSON.parse, count KMS events per key (first resource ARN).
 * Synchronous reads, as for many small files they beat the async round trip;
 * no dedup, nothing stored: a lower bound for "write it yourself".
 *   phase-diy.ts <logs>
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { logFiles, phaseMain } from './common';

interface TrailFile {
  Records: { eventSource?: string; resources?: { ARN?: string }[] }[];
}

phaseMain(async () => {
  const [logs] = process.argv.slice(2);
  const files = logFiles(logs);
  const t0 = performance.now();
  const perKey = new Map<string, number>();
  let records = 0;
  let kms = 0;
  for (const f of files) {
    const doc = JSON.parse(zlib.gunzipSync(fs.readFileSync(f)).toString('utf8')) as TrailFile;
    for (const r of doc.Records) {
      records++;
      if (r.eventSource !== 'kms.amazonaws.com') continue;
      kms++;
      const k = r.resources?.[0]?.ARN ?? '(no resource)';
      perKey.set(k, (perKey.get(k) ?? 0) + 1);
    }
  }
  return { ms: Math.round(performance.now() - t0), records, kmsRecords: kms, keys: perKey.size, files: files.length };
});
