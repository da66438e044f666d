import { describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { filteredIds } from '../test/filtered-ids';
import { storesPerTest } from '../test/store-per-test';

/**
 * The events page's error code filter (`errorCode`): `*` for any failure, else the code as a LIKE
 * pattern in any case, as an analyst types it ("accessdenied", "Throttling%"). Expected ids picked by hand.
 */
const storeWith = storesPerTest();
const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const at = (m: number) => `2026-11-20T12:${String(m).padStart(2, '0')}:00Z`;

const records = {
  denied: kmsRecord({ eventTime: at(1), errorCode: 'AccessDenied', errorMessage: 'no' }),
  deniedException: kmsRecord({ eventTime: at(2), errorCode: 'AccessDeniedException', errorMessage: 'no' }),
  throttled: kmsRecord({ eventTime: at(3), errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' }),
  // A dry run that would have worked: an error code, no failure.
  dryRun: kmsRecord({ eventTime: at(4), errorCode: 'DryRunOperationException', errorMessage: 'The request would have succeeded' }),
  ok: kmsRecord({ eventTime: at(5) }),
};

describe('events error code filter', () => {
  it('matches the code in any case, with LIKE wildcards, and * any failure, in the page and its total', async () => {
    const store = await storeWith(Object.values(records));
    const byFilter = filteredIds(store, records, window);
    const ids = (errorCode?: string) => byFilter({ errorCode });
    expect(await ids('AccessDenied')).toEqual(['denied']);
    expect(await ids('accessdenied')).toEqual(['denied']);
    expect(await ids('ACCESSDENIED%')).toEqual(['denied', 'deniedException']);
    expect(await ids('throttlingexception')).toEqual(['throttled']);
    expect(await ids('Throttling')).toEqual([]);
    expect(await ids('*')).toEqual(['denied', 'deniedException', 'throttled']);
    expect(await ids('dryrunoperationexception')).toEqual(['dryRun']);
  });
});
