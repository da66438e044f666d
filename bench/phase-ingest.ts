/**
 * Bench phase: KeyTrail's own ingest (`ingestPaths`) of a log folder into a store,
 * exactly as `npm run ingest` does it with no server running. The orchestrator
 * removes the store first for the full ingest and keeps it for the incremental one.
 *   phase-ingest.ts <logs> <db>
 */
import { performance } from 'node:perf_hooks';
import { Database } from '../lib/engines/duckdb/database';
import { ingestPaths } from '../lib/ingest/ingest';
import type { IngestProgress } from '../lib/ingest/summary';
import { fileMb, phaseMain, type JsonObject } from './common';

/**
 * Where the time goes, without touching the product: progress callbacks mark each
 * batch (one transaction), event-loop utilisation splits the main thread's own work
 * (reading, gunzip, splitting, appending) from waiting on DuckDB's worker threads,
 * and CPU time over wall time shows how much of the two cores was used.
 */
function breakdown(marks: IngestProgress[], ingestMs: number): JsonObject {
  const batches: { records: number; ms: number }[] = [];
  for (let i = 1; i < marks.length; i++) {
    const records = marks[i].records - marks[i - 1].records;
    if (records > 0) batches.push({ records, ms: marks[i].elapsedMs - marks[i - 1].elapsedMs });
  }
  const perSec = (b: { records: number; ms: number } | undefined) => (b && b.ms > 0 ? Math.round((b.records / b.ms) * 1000) : null);
  const lastMark = marks[marks.length - 1]?.elapsedMs ?? 0;
  return {
    findFilesMs: marks[0]?.elapsedMs ?? 0,
    batches: batches.length,
    firstBatchRecordsPerSec: perSec(batches[0]),
    lastBatchRecordsPerSec: perSec(batches.length > 1 ? batches[batches.length - 2] : undefined),
    // After the last batch: alias resolution over the whole store, and the store's span.
    afterBatchesMs: Math.max(0, ingestMs - lastMark),
  };
}

phaseMain(async () => {
  const [logs, dbPath] = process.argv.slice(2);
  const t0 = performance.now();
  const db = await Database.open(dbPath);
  const t1 = performance.now();
  // Real logs (not `sample`): the store is not flagged as sample data, as for a user's trail.
  const marks: IngestProgress[] = [];
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const s = await ingestPaths(db, [logs], { onProgress: (p) => marks.push({ ...p }) });
  const t2 = performance.now();
  const elu = performance.eventLoopUtilization(elu0);
  const cpu = process.cpuUsage(cpu0);
  // Closing checkpoints the WAL into the file: part of what an ingest costs before the store is compact.
  db.close();
  const t3 = performance.now();
  return {
    // The figure compared with the baselines: open + ingest + close, module loading excluded.
    ms: Math.round(t3 - t0),
    openMs: Math.round(t1 - t0),
    ingestPathsMs: Math.round(t2 - t1),
    closeMs: Math.round(t3 - t2),
    filesFound: s.filesFound,
    filesRead: s.filesRead,
    filesUnchanged: s.filesUnchanged,
    records: s.records,
    kmsRecords: s.kmsRecords,
    eventsAdded: s.eventsAdded,
    duplicatesDropped: s.duplicatesDropped,
    storeEvents: s.storeEvents,
    errors: s.errors.length,
    storeMb: Math.round(fileMb(dbPath) * 10) / 10,
    mainThreadBusyMs: Math.round(elu.active),
    mainThreadWaitingMs: Math.round(elu.idle),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    ...breakdown(marks, s.elapsedMs),
  };
});
