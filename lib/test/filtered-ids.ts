import { expect } from 'vitest';
import * as Q from '../queries/catalog';
import { runQuery } from '../queries/define';
import type { TestStore } from './store-per-test';

type EventsFilter = Omit<Parameters<typeof Q.eventsCount.params.parse>[0], 'from' | 'to'>;

/**
 * For the events filters' tests: which of the named records one filter keeps on the events page,
 * by name, sorted, after checking that the page's total (events_count) agrees with the page.
 */
export function filteredIds(store: TestStore, records: Record<string, Record<string, unknown>>, window: { from: Date; to: Date }) {
  const byId = new Map(Object.entries(records).map(([n, r]) => [String(r.eventID), n]));
  return async (filter: EventsFilter) => {
    const page = await runQuery(store.engine, Q.eventsPage, { ...window, ...filter, pageSize: 50 });
    const count = await runQuery(store.engine, Q.eventsCount, { ...window, ...filter });
    expect(count.rows[0].events).toBe(page.rows.length);
    return page.rows.map((r) => byId.get(r.eventId)).sort();
  };
}
