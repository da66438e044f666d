import { DAY, HOUR, MINUTE } from './format';
import { awsServiceCaller, roleCaller, type Caller } from './identities';
import { plantedRecords } from './lifecycle';
import { Prng, stableId } from './prng';
import { ec2DescribeInstances, s3GetObject, stsAssumeRole } from './records';
import { KEYS, SCENARIO, roleArn, scenarioClock } from './scenario';
import { keyTraffic, usageRecord, type KeyTraffic } from './usage';
import { TrailWriter } from './write-trail';

export interface SampleOptions {
  /** Root; files go under <outDir>/AWSLogs/... */
  outDir: string;
  /** End of the data (default now), floored to the hour; the data covers [end - days, end). */
  now?: Date;
  /** Default 30. */
  days?: number;
  /** Default 42. Same seed, `now` and `days` give byte-identical files. */
  seed?: number;
  /** Approximate number of ordinary KMS calls (default 25,000); streams window by window, so 10M is fine. */
  events?: number;
}

export interface SampleSummary {
  /** Log files (re-deliveries included; digests not). */
  files: number;
  digestFiles: number;
  /** Distinct records (distinct eventIDs) in the log files. */
  events: number;
  /** Distinct KMS records. */
  kmsEvents: number;
  /** Extra copies of records delivered a second time: total records read = events + duplicateDeliveries. */
  duplicateDeliveries: number;
  accounts: string[];
  regions: string[];
  /** ISO-8601 bounds of the event times: [from, to). */
  from: string;
  to: string;
}

const WINDOW = 5 * MINUTE;
/** Other services' records per KMS record (~15% of all records). */
const OTHER_PER_KMS = 0.18;
const DUPLICATE_RATE = 0.005;
const REGION_UTC_OFFSET: Record<string, number> = { 'us-east-1': -5, 'eu-west-1': 0, 'ap-southeast-2': 10 };

/** Business hours busier, nights and weekends quieter, in the region's local time. */
function rhythm(hourMs: number, k: KeyTraffic): number {
  const local = new Date(hourMs + (REGION_UTC_OFFSET[k.key.region] ?? 0) * HOUR);
  const h = local.getUTCHours();
  const day = local.getUTCDay();
  const diurnal = (0.25 + Math.max(0, Math.sin(((h - 6) / 14) * Math.PI)) * 1.2) * (day === 0 || day === 6 ? 0.35 : 1);
  return k.flat ? 0.7 + 0.3 * diurnal : diurnal;
}

interface Source {
  account: string;
  region: string;
  items: { t: number; json: string }[];
  kms: number;
  app: Caller;
  ec2: Caller;
  appRoleId: string;
}

/**
 * Writes a realistic organization trail, as CloudTrail delivers it: one gzip file per
 * account, region and 5-minute window with activity, re-deliveries of some records, a few
 * chained digest files, and other services' events mixed in. Deterministic for a seed and `now`.
 */
export async function generateSampleTrail(opts: SampleOptions): Promise<SampleSummary> {
  const rng = new Prng(opts.seed ?? 42);
  const days = opts.days ?? 30;
  const target = opts.events ?? 25_000;
  const nowMs = (opts.now ?? new Date()).getTime();
  const clock = scenarioClock(new Date(nowMs));
  const end = clock.end;
  const start = end - days * DAY;

  const traffic = KEYS.map((k) => keyTraffic(k, clock));
  let unit = 0;
  for (let h = start; h < end; h += HOUR) for (const k of traffic) unit += k.key.weight * rhythm(h, k);
  const perUnit = unit > 0 ? target / unit : 0;

  const sources = new Map<string, Source>();
  const sourceOf = (account: string, region: string): Source => {
    const id = `${account}|${region}`;
    let s = sources.get(id);
    if (!s) {
      s = {
        account,
        region,
        items: [],
        kms: 0,
        app: roleCaller(account, 'AppServerRole'),
        ec2: awsServiceCaller('ec2.amazonaws.com'),
        appRoleId: stableId('AROA', roleArn(account, 'AppServerRole'), 17),
      };
      sources.set(id, s);
    }
    return s;
  };
  const keySource = traffic.map((k) => sourceOf(k.key.account, k.key.region));

  const planted = plantedRecords(rng, start, end, clock);
  const digestPeriods = [3, 2, 1].map((n) => ({ start: end - (n + 1) * HOUR, end: end - n * HOUR })).filter((p) => p.start >= start);
  const writer = new TrailWriter(opts.outDir, rng, {
    start: digestPeriods[0]?.start ?? end,
    end: digestPeriods[digestPeriods.length - 1]?.end ?? end,
  });
  const spikeKey = SCENARIO.spike.key;
  let events = 0;
  let kmsEvents = 0;
  let duplicates = 0;
  let p = 0;
  const rates = new Float64Array(traffic.length);
  let ratesHour = -1;

  for (let w = Math.floor(start / WINDOW) * WINDOW; w < end; w += WINDOW) {
    const ws = Math.max(w, start);
    const we = Math.min(w + WINDOW, end);
    const seconds = (we - ws) / 1000;
    const hour = Math.floor(w / HOUR) * HOUR;
    if (hour !== ratesHour) {
      ratesHour = hour;
      for (let i = 0; i < traffic.length; i++) rates[i] = perUnit * traffic[i].key.weight * rhythm(hour, traffic[i]);
    }
    const inSpike = hour === clock.spike.start;
    for (let i = 0; i < traffic.length; i++) {
      const k = traffic[i];
      const spiking = inSpike && k.key.name === spikeKey;
      const n = rng.poisson(rates[i] * (seconds / 3600) * (spiking ? SCENARIO.spike.factor : 1));
      if (n === 0) continue;
      const src = keySource[i];
      const o = { throttle: spiking ? 0.03 : 0.004, denied: 0.0015 };
      for (let j = 0; j < n; j++) {
        const t = ws + rng.int(seconds) * 1000;
        src.items.push({
          t,
          json: usageRecord(rng, t, k, o, (account, json) => {
            const own = sourceOf(account, k.key.region);
            own.items.push({ t, json });
            own.kms++;
          }),
        });
      }
      src.kms += n;
    }
    for (; p < planted.length && planted[p].t < we; p++) {
      const src = sourceOf(planted[p].account, planted[p].region);
      src.items.push(planted[p]);
      src.kms++;
    }

    for (const src of sources.values()) {
      if (src.items.length === 0) continue;
      // Other services share the trail: S3 data events, STS and EC2 calls.
      const others = rng.round(src.kms * OTHER_PER_KMS);
      for (let j = 0; j < others; j++) {
        const t = ws + rng.int(seconds) * 1000;
        const x = rng.int(20);
        const json =
          x < 9
            ? s3GetObject(rng, t, src.account, src.region, src.app.who(t, rng))
            : x < 15
              ? stsAssumeRole(rng, t, src.account, src.region, src.ec2.who(t, rng), 'AppServerRole', src.appRoleId)
              : ec2DescribeInstances(rng, t, src.account, src.region, src.app.who(t, rng));
        src.items.push({ t, json });
      }
      const items = src.items.sort((a, b) => a.t - b.t);
      const records = items.map((r) => r.json);
      const oldest = items[0].t;
      const newest = items[items.length - 1].t;
      const latest = Math.max(nowMs, newest + 1000);
      const delivered = Math.min(w + WINDOW + (1 + rng.int(4)) * MINUTE + rng.int(60) * 1000, latest);
      const again = items.filter(() => rng.next() < DUPLICATE_RATE);
      events += records.length;
      kmsEvents += src.kms;
      duplicates += again.length;
      await writer.writeLog(src.account, src.region, delivered, records, oldest, newest);
      // Now and then CloudTrail delivers records a second time, byte for byte, in another file.
      if (again.length > 0) {
        const t2 = Math.min(delivered + (1 + rng.int(3)) * MINUTE, latest);
        await writer.writeLog(
          src.account,
          src.region,
          t2,
          again.map((r) => r.json),
          again[0].t,
          again[again.length - 1].t,
        );
      }
      src.items = [];
      src.kms = 0;
    }
  }
  await writer.writeDigests(digestPeriods);
  await writer.finish();

  const used = [...writer.sources].map((s) => s.split('|'));
  return {
    files: writer.files,
    digestFiles: writer.digestFiles,
    events,
    kmsEvents,
    duplicateDeliveries: duplicates,
    accounts: [...new Set(used.map(([a]) => a))].sort(),
    regions: [...new Set(used.map(([, r]) => r))].sort(),
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
  };
}
