import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { keyStateError, plantedRecords } from './lifecycle';
import { Prng } from './prng';
import { otherRecord, usageRecord, type CtRecord } from './records';
import { KEYS, ORG_ID, SCENARIO, TRAIL_NAME, keyByName } from './scenario';

const gzip = promisify(zlib.gzip);

export interface SampleOptions {
  /** Root; files go under <outDir>/AWSLogs/... */
  outDir: string;
  /** End of the data (default now); the data covers [now - days, now). */
  now?: Date;
  days?: number;
  seed?: number;
  /** Approximate number of ordinary KMS calls (default 25,000); scales by streaming, hour by hour. */
  events?: number;
}

export interface SampleSummary {
  files: number;
  digestFiles: number;
  events: number;
  kmsEvents: number;
  duplicateDeliveries: number;
  accounts: string[];
  regions: string[];
  from: string;
  to: string;
}

const HOUR = 3_600_000;
const WINDOW = 5 * 60_000;

/** Business hours busier, nights and weekends quieter (UTC). */
function rhythm(ms: number): number {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const day = d.getUTCDay();
  const diurnal = 0.25 + Math.max(0, Math.sin(((h - 6) / 14) * Math.PI)) * 1.2;
  return diurnal * (day === 0 || day === 6 ? 0.35 : 1);
}

/**
 * Writes a realistic organization trail, as CloudTrail delivers it: one gzip
 * file per account, region and ~5 minutes, a few digests, some duplicate
 * deliveries, and non-KMS events mixed in. Deterministic for a given seed and `now`.
 */
export async function generateSampleTrail(opts: SampleOptions): Promise<SampleSummary> {
  const rng = new Prng(opts.seed ?? 42);
  const end = Math.floor((opts.now ?? new Date()).getTime() / HOUR) * HOUR;
  const days = opts.days ?? 30;
  const start = end - days * 24 * HOUR;
  const target = opts.events ?? 25_000;
  const totalWeight = KEYS.reduce((a, k) => a + k.weight, 0);
  let rhythmSum = 0;
  for (let t = start; t < end; t += HOUR) rhythmSum += rhythm(t);
  const perUnit = target / (rhythmSum * totalWeight);
  const spike = SCENARIO.spike;
  const spikeHour = end - spike.daysAgo * 24 * HOUR - (end % (24 * HOUR)) + spike.hourUtc * HOUR;

  const planted = plantedRecords(rng, start, end).sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  const summary: SampleSummary = {
    files: 0,
    digestFiles: 0,
    events: 0,
    kmsEvents: 0,
    duplicateDeliveries: 0,
    accounts: [],
    regions: [],
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
  };
  const sources = new Set<string>();
  let p = 0;

  for (let hour = start; hour < end; hour += HOUR) {
    const batch: CtRecord[] = [];
    while (p < planted.length && Date.parse(planted[p].eventTime) < hour + HOUR) batch.push(planted[p++]);
    for (const key of KEYS) {
      const boost = key === keyByName(spike.key) && hour === spikeHour ? spike.factor : 1;
      // Stochastic rounding, so quiet keys still get their share at small sizes.
      const x = perUnit * key.weight * rhythm(hour) * boost * (0.7 + 0.6 * rng.next());
      const n = Math.floor(x) + (rng.next() < x % 1 ? 1 : 0);
      for (let i = 0; i < n; i++) batch.push(keyStateError(usageRecord(rng, hour + rng.int(HOUR), key), end));
    }
    // Other services share the trail (~15% of records).
    const others = Math.round(batch.length * 0.18);
    for (let i = 0; i < others; i++) {
      const key = rng.pick(KEYS);
      batch.push(otherRecord(rng, hour + rng.int(HOUR), key.account, key.region));
    }
    await writeHour(batch, rng, opts.outDir, summary, sources);
  }
  for (const s of sources) {
    const [account, region] = s.split('|');
    if (!summary.accounts.includes(account)) summary.accounts.push(account);
    if (!summary.regions.includes(region)) summary.regions.push(region);
    await writeDigest(opts.outDir, account, region, end, summary);
  }
  summary.accounts.sort();
  summary.regions.sort();
  return summary;
}

/** Groups an hour's records into 5-minute delivery files per account and region. */
async function writeHour(batch: CtRecord[], rng: Prng, outDir: string, summary: SampleSummary, sources: Set<string>): Promise<void> {
  const files = new Map<string, CtRecord[]>();
  for (const r of batch.sort((a, b) => a.eventTime.localeCompare(b.eventTime))) {
    const w = Math.floor(Date.parse(r.eventTime) / WINDOW) * WINDOW;
    const k = `${r.recipientAccountId}|${r.awsRegion}|${w}`;
    (files.get(k) ?? files.set(k, []).get(k)!).push(r);
  }
  for (const [k, records] of files) {
    const [account, region, w] = k.split('|');
    sources.add(`${account}|${region}`);
    const delivered = Number(w) + WINDOW + (1 + rng.int(4)) * 60_000;
    await writeLog(outDir, account, region, delivered, rng, records);
    summary.files++;
    summary.events += records.length;
    summary.kmsEvents += records.filter((r) => r.eventSource === 'kms.amazonaws.com').length;
    // Now and then CloudTrail delivers some records a second time, in another file.
    if (rng.next() < 0.02 && records.length > 2) {
      await writeLog(outDir, account, region, delivered + 60_000, rng, records.slice(0, 3));
      summary.files++;
      summary.duplicateDeliveries += 3;
    }
  }
}

function stamp(ms: number, seconds = false): string {
  const s = new Date(ms).toISOString().replace(/[-:]/g, '');
  return seconds ? s.slice(0, 15) + 'Z' : s.slice(0, 13) + 'Z';
}

function dayPath(ms: number): string {
  const d = new Date(ms).toISOString();
  return path.join(d.slice(0, 4), d.slice(5, 7), d.slice(8, 10));
}

async function writeLog(outDir: string, account: string, region: string, delivered: number, rng: Prng, records: CtRecord[]): Promise<void> {
  const dir = path.join(outDir, 'AWSLogs', ORG_ID, account, 'CloudTrail', region, dayPath(delivered));
  await fs.mkdir(dir, { recursive: true });
  const name = `${account}_CloudTrail_${region}_${stamp(delivered)}_${rng.alnum(16)}.json.gz`;
  await fs.writeFile(path.join(dir, name), await gzip(JSON.stringify({ Records: records })));
}

async function writeDigest(outDir: string, account: string, region: string, end: number, summary: SampleSummary): Promise<void> {
  const dir = path.join(outDir, 'AWSLogs', ORG_ID, account, 'CloudTrail-Digest', region, dayPath(end - HOUR));
  await fs.mkdir(dir, { recursive: true });
  const body = {
    awsAccountId: account,
    digestStartTime: new Date(end - 2 * HOUR).toISOString(),
    digestEndTime: new Date(end - HOUR).toISOString(),
    digestS3Bucket: 'org-trail-bucket',
    digestPublicKeyFingerprint: 'a1b2c3',
    digestSignatureAlgorithm: 'SHA256withRSA',
    logFiles: [],
  };
  await fs.writeFile(
    path.join(dir, `${account}_CloudTrail-Digest_${region}_${TRAIL_NAME}_${region}_${stamp(end - HOUR, true)}.json.gz`),
    await gzip(JSON.stringify(body)),
  );
  summary.digestFiles++;
}
