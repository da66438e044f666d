/**
 * What kind of failure a call met: `error_class`, derived once in queries/views/kms_events.sql and
 * stored at ingest. This module holds the names and the words people read; it imports nothing, so
 * client components (heatmap toggles, filter chips) can use it as well as the query catalog.
 */
export const ERROR_CLASSES = ['access-denied', 'key-state', 'integrity', 'throttling', 'other'] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** `short`: a toggle or column heading; `long`: a filter chip or a tooltip, where there is room to explain. */
export const ERROR_CLASS_LABELS: Record<ErrorClass, { short: string; long: string }> = {
  'access-denied': { short: 'AccessDenied', long: 'AccessDenied: refused by a policy' },
  'key-state': { short: 'Key state', long: "Key state: the key's state or key material" },
  // KMS rejected what the caller handed it: a run of these is tampering or probing, not noise.
  integrity: { short: 'Integrity', long: 'Integrity: ciphertext, signature or MAC rejected' },
  throttling: { short: 'Throttling', long: 'Throttling: rate exceeded' },
  other: { short: 'Other', long: 'Other errors' },
};

/** The label of a class named in a URL; a value that is not a class is shown as typed (it is a 400 anyway). */
export function errorClassLabel(v: string): string {
  return (ERROR_CLASSES as readonly string[]).includes(v) ? ERROR_CLASS_LABELS[v as ErrorClass].long : v;
}
