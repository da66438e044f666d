/** Events the browser tests' store is prepared with (e2e/prepare-store.ts) for a test to visit. */
export const GONE_EVENT_ID = 'e2e0901e-0000-4000-8000-000000000410';
