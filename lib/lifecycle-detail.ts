import { fmtDeletionDate } from './format';

/**
 * A lifecycle line's detail as a person reads it (key_lifecycle.sql gives CloudTrail's values): a
 * rotation period with its unit, a deletion date in UTC (CloudTrail writes it without a zone).
 */
export function lifecycleDetail(eventName: string, detail: string | null): string | null {
  if (!detail) return null;
  if (eventName === 'EnableKeyRotation' && /^\d+$/.test(detail)) return `every ${detail} days`;
  if (eventName === 'ScheduleKeyDeletion') return `to be deleted ${fmtDeletionDate(detail)}`;
  return detail;
}
