/**
 * Time helpers. Everything is UTC; the UI says so on every axis and label.
 */
export const BUCKETS = ['hour', 'day'] as const;
export type Bucket = (typeof BUCKETS)[number];
export const BUCKET_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000 };

/**
 * Engines return timestamps as ISO (DuckDB), "yyyy-MM-dd HH:mm:ss.SSS" (Athena's timestamp) or
 * "yyyy-MM-dd HH:mm:ss.SSS UTC" (its timestamp with time zone, which `from_iso8601_timestamp`
 * makes, so every `event_ts`); normalise to ISO with Z.
 */
export function normaliseIso(s: string): string {
  const u = s.replace(/ UTC$/, 'Z');
  const t = /[zZ]|[+-]\d\d:?\d\d$/.test(u) ? u.replace(' ', 'T') : `${u.replace(' ', 'T')}Z`;
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) throw new Error(`not a timestamp: ${s}`);
  return d.toISOString();
}

export function floorTo(ms: number, bucket: Bucket): number {
  return Math.floor(ms / BUCKET_MS[bucket]) * BUCKET_MS[bucket];
}

/** Hourly buckets up to 3 days, daily beyond: at most ~72–90 bars at the presets. */
export function autoBucket(fromMs: number, toMs: number): Bucket {
  return toMs - fromMs <= 3 * 86_400_000 ? 'hour' : 'day';
}

/** Every bucket start in [from, to), so charts show zeros where nothing happened. */
export function bucketStarts(fromMs: number, toMs: number, bucket: Bucket): number[] {
  const out: number[] = [];
  for (let t = floorTo(fromMs, bucket); t < toMs; t += BUCKET_MS[bucket]) out.push(t);
  return out;
}

/** Partition value (Athena's `timestamp` column, yyyy/MM/dd) for a time. */
export function partitionDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');
}

/**
 * The partition window for [from, to): padded one day each side, because a
 * delivery file can hold events from before its delivery time.
 */
export function partitionWindow(fromMs: number, toMs: number): [string, string] {
  return [partitionDay(fromMs - 86_400_000), partitionDay(toMs + 86_400_000)];
}
