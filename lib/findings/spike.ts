/**
 * Usage spikes: an hour whose call count is far above the key's own baseline
 * for that hour of day. The score is a robust z-score,
 *   z = (x − median) / scale,  scale = 1.4826 · MAD
 * over the baseline days' counts at the same UTC hour (hours with no calls count
 * as zero). MAD is the median absolute deviation; 1.4826 makes it comparable to
 * a standard deviation. When MAD is 0, the mean absolute deviation (×1.2533) is
 * used. The scale is never below √max(median, 1), the spread of a count that
 * varies by chance alone (Poisson): a cron job's flat 30 calls an hour going to 31
 * is no spike (its MAD is 0, and any +1 scored ∞ before). An hour must also reach
 * a minimum number of calls, so a quiet key going from 0 to 3 calls is not a
 * finding. Only calls that worked are scored (hourly_calls.sql): a throttling storm
 * decrypted nothing. Baseline days before the first logged hour (of any key of the key's account)
 * do not count: at least 3 days of logs must precede an hour for it to be scored.
 * Consecutive spike hours of one key are one spike (a new steady workload is one
 * change, not a finding every hour).
 */
export interface HourCount {
  keyArn: string;
  hour: string; // ISO, start of the UTC hour
  calls: number;
  /** Failed calls in the hour, not scored (reported beside the spike). */
  failed?: number;
}

export interface Spike {
  keyArn: string;
  /** The first hour of the run, and the end of its last. */
  from: string;
  to: string;
  hours: number;
  /** Calls that worked over the run, and failed ones besides. */
  calls: number;
  failed: number;
  /** The busiest hour's calls, its usual count at that hour of day, and its score. */
  peak: number;
  median: number;
  z: number;
}

const HOUR = 3_600_000;

export function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function robustZ(x: number, baseline: number[]): { z: number; median: number } {
  const m = median(baseline);
  const mad = median(baseline.map((b) => Math.abs(b - m)));
  const meanAd = baseline.reduce((a, b) => a + Math.abs(b - m), 0) / Math.max(1, baseline.length);
  const spread = mad > 0 ? 1.4826 * mad : 1.2533 * meanAd;
  return { z: (x - m) / Math.max(spread, Math.sqrt(Math.max(m, 1))), median: m };
}

export function findSpikes(counts: HourCount[], o: { baselineFrom: Date; from: Date; to: Date; z: number; minCalls: number }): Spike[] {
  const byKey = new Map<string, Map<number, HourCount>>();
  for (const c of counts) {
    const m = byKey.get(c.keyArn) ?? new Map<number, HourCount>();
    m.set(Date.parse(c.hour), c);
    byKey.set(c.keyArn, m);
  }
  const spikes: Spike[] = [];
  // Baseline days count only where the key's account has logs (any of its keys): before its first
  // event an hour is unknown, not zero, and the first busy hours of a new trail, or of an account
  // that joins one, are not spikes.
  const accountOf = (keyArn: string) => keyArn.split(':')[4] ?? '';
  const first = new Map<string, number>();
  for (const c of counts) first.set(accountOf(c.keyArn), Math.min(first.get(accountOf(c.keyArn)) ?? Infinity, Date.parse(c.hour)));
  for (const [keyArn, hours] of byKey) {
    const baseStart = Math.max(Math.ceil(o.baselineFrom.getTime() / HOUR) * HOUR, first.get(accountOf(keyArn))!);
    let run: Spike | null = null;
    for (let t = Math.ceil(o.from.getTime() / HOUR) * HOUR; t < o.to.getTime(); t += HOUR) {
      const h = hours.get(t);
      const x = h?.calls ?? 0;
      const baseline: number[] = [];
      // The same hour of day on each baseline day (zero when the key had no calls then).
      for (let b = t - 86_400_000; b >= baseStart; b -= 86_400_000) if (b < o.from.getTime()) baseline.push(hours.get(b)?.calls ?? 0);
      const scored = x >= o.minCalls && baseline.length >= 3 ? robustZ(x, baseline) : null;
      if (!scored || scored.z < o.z) {
        run = null;
        continue;
      }
      const end = new Date(t + HOUR).toISOString();
      if (run) {
        run.to = end;
        run.hours += 1;
        run.calls += x;
        run.failed += h?.failed ?? 0;
        if (x > run.peak) Object.assign(run, { peak: x, median: scored.median, z: scored.z });
      } else {
        run = {
          keyArn,
          from: new Date(t).toISOString(),
          to: end,
          hours: 1,
          calls: x,
          failed: h?.failed ?? 0,
          peak: x,
          median: scored.median,
          z: scored.z,
        };
        spikes.push(run);
      }
    }
  }
  return spikes;
}
