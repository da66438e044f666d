/** Fast, allocation-light time formatting for the sample generator (all UTC). */

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

let cachedDay = -1;
let cachedPrefix = '';

/** `YYYY-MM-DD` of a UTC day number (ms / DAY). */
function dayPrefix(day: number): string {
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY).toISOString().slice(0, 10);
  }
  return cachedPrefix;
}

/** CloudTrail's eventTime: `YYYY-MM-DDTHH:mm:ssZ` (whole seconds). */
export function isoSeconds(ms: number): string {
  const day = Math.floor(ms / DAY);
  const rest = Math.floor((ms - day * DAY) / 1000);
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  return `${dayPrefix(day)}T${PAD2[h]}:${PAD2[m]}:${PAD2[rest % 60]}Z`;
}

/** `yyyy/MM/dd` folder of a delivery time. */
export function dayFolder(ms: number): string {
  const d = dayPrefix(Math.floor(ms / DAY));
  return `${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}`;
}

/** File-name stamp: `yyyyMMddTHHmmZ`, or `yyyyMMddTHHmmssZ` with seconds (digests). */
export function fileStamp(ms: number, seconds = false): string {
  const s = isoSeconds(ms);
  const base = s.slice(0, 4) + s.slice(5, 7) + s.slice(8, 10) + 'T' + s.slice(11, 13) + s.slice(14, 16);
  return seconds ? `${base}${s.slice(17, 19)}Z` : `${base}Z`;
}

/**
 * The date format KMS uses inside responseElements (Java's medium US style),
 * e.g. `Dec 3, 2026, 4:07:09 PM`: day and hour are not zero-padded.
 */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const h24 = d.getUTCHours();
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  return (
    `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ` +
    `${h12}:${PAD2[d.getUTCMinutes()]}:${PAD2[d.getUTCSeconds()]} ${h24 < 12 ? 'AM' : 'PM'}`
  );
}
