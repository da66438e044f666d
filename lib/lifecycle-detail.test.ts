import { describe, expect, it } from 'vitest';
import { lifecycleDetail } from './lifecycle-detail';

describe('lifecycleDetail', () => {
  it('gives a rotation period its unit and a deletion date in UTC; the rest as logged', () => {
    expect(lifecycleDetail('EnableKeyRotation', '365')).toBe('every 365 days');
    expect(lifecycleDetail('ScheduleKeyDeletion', 'Oct 9, 2026, 12:00:00 AM')).toBe('to be deleted 2026-10-09 00:00 UTC');
    expect(lifecycleDetail('CreateAlias', 'alias/app')).toBe('alias/app');
    expect(lifecycleDetail('EnableKeyRotation', null)).toBeNull();
  });
});
