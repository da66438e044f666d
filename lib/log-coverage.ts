import { fmtUtc } from './format';

/**
 * Where the logs in the store stop short of a range's edges: `logsFrom` is the first KMS event
 * (any key) when nothing is logged near the range's start, `logsTo` the last one when nothing is
 * logged near its end; null where the logs reach the edge. A 90-day range over a 30-day trail
 * would otherwise draw 60 days of zero use, and an auditor's count would read as complete.
 */
export interface LogCoverage {
  logsFrom: string | null;
  logsTo: string | null;
  /**
   * No KMS call to any key is logged anywhere in the range, and the logs do not reach both of its
   * edges: the whole range is missing logs (a June report on a trail that starts in November), and
   * its zeros are no evidence. A range both of whose edges are logged is covered even when it
   * holds no event (an account that made no KMS calls that week).
   */
  nothingLogged?: boolean;
}

/**
 * Why a range's counts get no change against the previous period (kpisWithPrevious): the logs miss
 * that period's start (`start`), or stop before the range's own end, or before now for a range past
 * now (`end`); or the range has not begun (`ahead`).
 */
export type NoPrevious = 'start' | 'end' | 'ahead';

export const FULL_COVERAGE: LogCoverage = { logsFrom: null, logsTo: null };
export const NOTHING_LOGGED: LogCoverage = { logsFrom: null, logsTo: null, nothingLogged: true };

/** Whether the logs reach both edges of the range: its counts are the whole range's. */
export const coversRange = (c: LogCoverage): boolean => !c.nothingLogged && c.logsFrom === null && c.logsTo === null;

/** Whether any of a bucket [t, t + bucketMs) lies inside the logged part of the range. */
export function bucketHasLogs(t: number, bucketMs: number, c: LogCoverage): boolean {
  if (c.nothingLogged) return false;
  if (c.logsFrom !== null && t + bucketMs <= Date.parse(c.logsFrom)) return false;
  if (c.logsTo !== null && t > Date.parse(c.logsTo)) return false;
  return true;
}

/**
 * The sentence that says so, or null when the logs cover the range. It states what is known (no
 * call to any key is logged there), not why: the trail had not started or had stopped, its files
 * are not loaded yet, or the account made no KMS calls at all.
 */
export function coverageNote(c: LogCoverage): string | null {
  if (c.nothingLogged)
    return 'No KMS call to any key is logged anywhere in this range: missing logs (a trail not yet started or stopped, files not loaded), not necessarily no use.';
  const parts = [c.logsFrom && `before ${fmtUtc(c.logsFrom)}`, c.logsTo && `after ${fmtUtc(c.logsTo)}`].filter(Boolean);
  if (!parts.length) return null;
  return `No KMS call to any key is logged in this range ${parts.join(' or ')}: missing logs (a trail not yet started or stopped, files not loaded), not necessarily no use.`;
}
