import { MAX_RANGE_MS } from '@/lib/search-params';

export interface Period {
  from: Date;
  to: Date;
}

/** Links offered when a range holds nothing: where in time the store's events are. */
export interface PeriodsWithData {
  /** As long as the range asked for, ending just after the newest event. */
  latest: Period;
  /** As long as the range, from the oldest event; absent when it would be the latest one. */
  earliest?: Period;
  /** Every event, when that is longer than the range and within the longest range a page takes. */
  all?: Period;
}

const MINUTE = 60_000;

/**
 * Old trails are the usual case in an investigation (logs pulled after the fact), and a store can
 * hold several of them years apart: the latest period alone would hide the others.
 */
export function periodsWithData(firstEvent: string, lastEvent: string, rangeMs: number): PeriodsWithData {
  const first = Math.floor(Date.parse(firstEvent) / MINUTE) * MINUTE;
  // The range's end is exclusive: a minute past the newest event keeps it inside.
  const end = Date.parse(lastEvent) + MINUTE;
  const latest = { from: new Date(Math.max(first, end - rangeMs)), to: new Date(end) };
  const out: PeriodsWithData = { latest };
  if (latest.from.getTime() > first) {
    out.earliest = { from: new Date(first), to: new Date(first + rangeMs) };
    if (end - first <= MAX_RANGE_MS) out.all = { from: new Date(first), to: new Date(end) };
  }
  return out;
}
