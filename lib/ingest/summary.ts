export interface IngestProgress {
  filesDone: number;
  filesTotal: number;
  records: number;
  elapsedMs: number;
}

export interface IngestSummary {
  filesFound: number;
  filesRead: number;
  filesUnchanged: number;
  /** Files skipped on purpose, by reason (digest files, files that are not CloudTrail logs). */
  skipped: Record<string, number>;
  /** Files or folders that could not be read, with the reason. Good files still load. */
  errors: { path: string; reason: string }[];
  records: number;
  kmsRecords: number;
  nonKmsRecords: number;
  eventsAdded: number;
  duplicatesDropped: number;
  /**
   * KMS records that are a copy of a call another record already counts (queries/views/kms_events.sql):
   * a VPC endpoint's copy (network activity event) of a call also logged as a management event, and
   * the caller's account's copy of a cross-account call whose key owner's account is in the data.
   */
  copiesSkipped: number;
  /** Records CloudTrail replaced with a corrected record of the same call (addendum UPDATED_DATA): not stored, or removed. */
  replacedByCorrections: number;
  /** KMS records whose eventTime cannot be read: stored and counted, but in no chart or time filter. */
  untimedRecords: number;
  /** What the whole store covers after this run. */
  storeEvents: number;
  storeFrom: string | null;
  storeTo: string | null;
  elapsedMs: number;
  /** The store held only sample data, which this run replaced. */
  replacedSample: boolean;
}

export function emptySummary(): IngestSummary {
  return {
    filesFound: 0,
    filesRead: 0,
    filesUnchanged: 0,
    skipped: {},
    errors: [],
    records: 0,
    kmsRecords: 0,
    nonKmsRecords: 0,
    eventsAdded: 0,
    duplicatesDropped: 0,
    copiesSkipped: 0,
    replacedByCorrections: 0,
    untimedRecords: 0,
    storeEvents: 0,
    storeFrom: null,
    storeTo: null,
    elapsedMs: 0,
    replacedSample: false,
  };
}

/** The human summary printed at the end of `npm run ingest`. */
export function formatSummary(s: IngestSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    ...(s.replacedSample ? ['Sample data:        removed; the store now holds only your logs'] : []),
    `Files found:        ${n(s.filesFound)} (${n(s.filesRead)} read, ${n(s.filesUnchanged)} unchanged since last run)`,
  ];
  for (const [reason, count] of Object.entries(s.skipped)) lines.push(`Skipped:            ${n(count)} × ${reason}`);
  lines.push(
    `Records read:       ${n(s.records)} (${n(s.kmsRecords)} KMS, ${n(s.nonKmsRecords)} other services skipped)`,
    // "Already stored", not "duplicate deliveries": a file read again (rewritten in place, or its folder
    // moved and ingested from the new place) brings back events it gave before, which are no re-delivery.
    `KMS events added:   ${n(s.eventsAdded)} (${n(s.duplicatesDropped)} already stored dropped: re-deliveries, or files read before${
      s.copiesSkipped ? `, ${n(s.copiesSkipped)} copies of calls counted once skipped (VPC endpoint, cross-account)` : ''
    }${s.replacedByCorrections ? `, ${n(s.replacedByCorrections)} replaced by CloudTrail's corrected record` : ''})`,
    ...(s.untimedRecords
      ? [
          `No event time:      ${n(s.untimedRecords)} KMS record(s) with an eventTime that cannot be read (stored; in no chart or time filter)`,
        ]
      : []),
    `Store now holds:    ${n(s.storeEvents)} KMS events` + (s.storeFrom ? `, ${s.storeFrom} → ${s.storeTo} (UTC)` : ''),
    `Time:               ${(s.elapsedMs / 1000).toFixed(1)} s` +
      (s.elapsedMs > 0 ? ` (${n(Math.round((s.records / s.elapsedMs) * 1000))} records/s)` : ''),
  );
  if (s.errors.length) {
    lines.push(`Problems:           ${n(s.errors.length)} file(s) could not be loaded:`);
    for (const e of s.errors.slice(0, 50)) lines.push(`  ${e.path}: ${e.reason}`);
    if (s.errors.length > 50) lines.push(`  … and ${n(s.errors.length - 50)} more`);
  }
  return lines.join('\n');
}
