/** The event is in the store, but its raw record cannot be read back from its delivery file (moved, changed, no access). */
export class RawRecordError extends Error {}
