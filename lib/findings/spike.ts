/**
 * Usage spikes: an hour whose call count is far above the key's own baseline
 * for that hour of day. The score is a robust z-score,
 *   z = (x − median) / (1.4826 · MAD)
 * over the baseline days' counts at the same UTC hour (hours with no calls count
 * as zero). MAD is the median absolute deviation; 1.4826 makes it comparable to
 * a standard deviation. When MAD is 0 (a flat baseline), the mean absolute
 * deviation (×1.2533) is used; when that is 0 too, any count above the minimum is
 * a spike. An hour must also reach a minimum number of calls, so a quiet key going
 * from 0 to 3 calls is not a finding. Baseline days before the first logged hour (of any key)
 * do not count: at least 3 days of logs must precede an hour for it to be scored.
 */
export interface HourCount {
  keyArn: string;
  hour: string; // ISO, start of the UTC hour
  calls: number;
}

export interface Spike {
  keyArn: string;
  hour: string;
  calls: number;
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
  if (mad > 0) return { z: (x - m) / (1.4826 * mad), median: m };
  const meanAd = baseline.reduce((a, b) => a + Math.abs(b - m), 0) / Math.max(1, baseline.length);
  if (meanAd > 0) return { z: (x - m) / (1.2533 * meanAd), median: m };
  return { z: x > m ? Infinity : 0, median: m };
}

export function findSpikes(counts: HourCount[], o: { baselineFrom: Date; from: Date; to: Date; z: number; minCalls: number }): Spike[] {
  const byKey = new Map<string, Map<number, number>>();
  for (const c of counts) {
    const m = byKey.get(c.keyArn) ?? new Map<number, number>();
    m.set(Date.parse(c.hour), c.calls);
    byKey.set(c.keyArn, m);
  }
  const spikes: Spike[] = [];
  // Baseline days count only where there are logs at all (any key): before a trail's first event
  // an hour is unknown, not zero, and a new trail's first busy hours are not spikes.
  const first = counts.reduce((m, c) => Math.min(m, Date.parse(c.hour)), Infinity);
  const baseStart = Math.max(Math.ceil(o.baselineFrom.getTime() / HOUR) * HOUR, first);
  for (const [keyArn, hours] of byKey) {
    for (let t = Math.ceil(o.from.getTime() / HOUR) * HOUR; t < o.to.getTime(); t += HOUR) {
      const x = hours.get(t) ?? 0;
      if (x < o.minCalls) continue;
      const baseline: number[] = [];
      // The same hour of day on each baseline day (zero when the key had no calls then).
      for (let b = t - 86_400_000; b >= baseStart; b -= 86_400_000) if (b < o.from.getTime()) baseline.push(hours.get(b) ?? 0);
      if (baseline.length < 3) continue;
      const { z, median: m } = robustZ(x, baseline);
      if (z >= o.z) spikes.push({ keyArn, hour: new Date(t).toISOString(), calls: x, median: m, z });
    }
  }
  return spikes;
}
