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

/**
 * A date or time as a person types or pastes it: ISO-8601 (`2026-01-31`, `2026-01-31 12:00`,
 * `2026-01-31T12:00:00.123Z`, with an offset) or as KeyTrail shows times (`2026-01-31 12:00:05 UTC`).
 * Without a zone it is UTC, as everywhere here. Null when it is none of these, or no real date.
 */
export function parseUtcText(text: string): Date | null {
  const s = text.trim().replace(/\s*UTC$/i, 'Z');
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!m) return null;
  const [, day, time, zone] = m;
  // A date alone is that day's midnight UTC, whatever zone is written after it.
  const midnight = new Date(`${day}T00:00:00Z`);
  // Date rolls 2026-02-31 over to 3 March: a day that does not exist is a typo, not a date.
  if (Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== day) return null;
  if (!time) return midnight;
  const d = new Date(`${day}T${time}${zone ?? 'Z'}`);
  return Number.isNaN(d.getTime()) ? null : d;
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

/**
 * ScheduleKeyDeletion's `responseElements.deletionDate` as an ISO instant. CloudTrail writes it
 * as text in UTC ("Dec 2, 2026, 12:00:00 PM"), newer SDK shapes as epoch seconds or ISO.
 * Null when it is none of these (the caller shows the text as written).
 */
export function deletionDateIso(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim();
  if (/^\d+(\.\d+)?(E\d+)?$/i.test(s)) {
    const ms = Number(s) * 1000;
    return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  }
  const m = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2}) ([AP]M)$/.exec(s);
  if (m) {
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[1]);
    if (month < 0) return null;
    const hour = (Number(m[4]) % 12) + (m[7] === 'PM' ? 12 : 0);
    return new Date(Date.UTC(Number(m[3]), month, Number(m[2]), hour, Number(m[5]), Number(m[6]))).toISOString();
  }
  return /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : null;
}

/**
 * Whole UTC days from the day of `first` to the day after `last`, widened by `padDays` each side:
 * a range a link opens on readable daily buckets (`from`/`to` as ISO text for a URL).
 */
export function wholeDaysAround(first: string, last: string, padDays = 0): { from: string; to: string } {
  const DAY = BUCKET_MS.day;
  const from = (Math.floor(Date.parse(first) / DAY) - padDays) * DAY;
  const to = (Math.floor(Date.parse(last) / DAY) + 1 + padDays) * DAY;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
