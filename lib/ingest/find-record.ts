import { createHash } from 'node:crypto';

/**
 * Finds one record, by its eventID, among a delivery file's records (exact
 * text, from splitRecords). The store keeps where each event came from, not
 * its text: the raw JSON is read back from the file on demand, byte for byte.
 *
 * A record without an eventID is stored under `sha256:<hex of its text>`
 * (see lib/ingest/staging.ts), so such an id is matched by hashing.
 */
export function findRecord(records: readonly string[], eventId: string): string | null {
  if (eventId.startsWith('sha256:')) {
    const hex = eventId.slice('sha256:'.length);
    return records.find((r) => createHash('sha256').update(r, 'utf8').digest('hex') === hex) ?? null;
  }
  for (const r of records) {
    // Cheap test first: the id appears verbatim in its record (ids are plain ASCII).
    if (!r.includes(eventId)) continue;
    try {
      if ((JSON.parse(r) as { eventID?: unknown }).eventID === eventId) return r;
    } catch {
      // A malformed record cannot be the one the store parsed; keep looking.
    }
  }
  return null;
}
