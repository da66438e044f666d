import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DUCKDB_THREADS, ROW_GROUP_ROWS, type Database } from '../engines/duckdb/database';
import { findFiles, type FoundFile } from './find-files';
import { isDiskFullError } from './io-errors';
import { unchangedFiles } from './known-files';
import { readFiles, readOne, type ReadFile } from './read-files';
import { checkRecords } from './salvage';
import { MARK_STALE_SQL, refreshRollups } from './rollups';
import { clearSample, isSampleStore, setSampleStore } from './sample-flag';
import {
  ADD_RUN_SHARED_SQL,
  BATCH_FILES_DDL,
  BATCH_SHARED_SQL,
  DROP_OWNER_COPIES_SQL,
  DROP_REPLACED_SQL,
  INSERT_EVENTS_SQL,
  skipPairedOwnerCopiesSql,
  RUN_SHARED_DDL,
  MARK_FILES_SQL,
  RAW_BATCH_DDL,
  SKIP_REPLACED_SQL,
  STAGE_SPAN_SQL,
  STAGE_SQL,
  STAGED_SOURCE_VIEW,
  UNTIMED_SQL,
  stageDedupSql,
} from './staging';
import { saveLastIngest } from './last-ingest';
import { emptySummary, type IngestProgress, type IngestSummary } from './summary';

export interface IngestOptions {
  followSymlinks?: boolean;
  onProgress?: (p: IngestProgress) => void;
  /**
   * `sample`: this is KeyTrail's sample data (the store is flagged so the UI says so).
   * Otherwise real logs: a store holding only the sample is emptied first.
   */
  sample?: boolean;
  /**
   * Folders (path → modification time) whose files were all read, kept by a caller that ingests
   * the same folder again and again (the KEYTRAIL_LOGS watcher): those folders' files are not
   * stat'ed again while the folder's time is unchanged (see findFiles). Updated by the ingest.
   */
  walkMemo?: Map<string, number>;
  /** Batch limits: one transaction per batch. */
  batchRecords?: number;
  batchFiles?: number;
}

/**
 * A batch fills a full row group on every DuckDB thread. Each thread inserts into its own
 * row groups, and only full ones are written straight to the file, compressed; the rest go
 * through the write-ahead log and are compressed again at the checkpoint. Measured on 1.4M
 * events (2 threads): 100k-record batches spent 8.1 s in COMMIT, 245,760-record ones 0.1 s,
 * for 28.5 → 19.2 s in all (peak RSS 2.0 → 2.6 GB: a batch loads while the next is read).
 * Memory grows with the batch, so it stops growing at 4 threads' worth (~0.5M records): on a
 * bigger machine commits take the slower path rather than the memory.
 */
export const DEFAULT_BATCH_RECORDS = Math.min(DUCKDB_THREADS, 4) * ROW_GROUP_ROWS;

/**
 * Loads CloudTrail delivery files into the store. Each batch of files is one
 * transaction that adds their events and records the files as read, so an
 * ingest killed at any point loses nothing and, re-run, adds nothing twice.
 * Events are keyed by eventID: duplicate deliveries are stored once.
 */
export async function ingestPaths(db: Database, inputs: string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const started = Date.now();
  const summary = emptySummary();
  if (!opts.sample && (await isSampleStore(db))) {
    await clearSample(db);
    summary.replacedSample = true;
  }
  const walkStarted = Date.now();
  const found = await findFiles(inputs, { followSymlinks: opts.followSymlinks, unchangedDirs: opts.walkMemo });
  summary.errors.push(...found.problems);
  summary.filesUnchanged += found.filesInUnchangedDirs;

  const changed = () => db.markChanged();
  await db.withSession(async (c) => {
    const untimedBefore = await untimed(c);
    const unchanged = await unchangedFiles(c, found.files);
    const todo: FoundFile[] = [];
    found.files.forEach((f, i) => {
      if (unchanged.has(i)) summary.filesUnchanged++;
      else todo.push(f);
    });
    summary.filesFound = found.files.length + found.filesInUnchangedDirs;
    let done = 0;
    const progress = (): void =>
      opts.onProgress?.({ filesDone: done, filesTotal: todo.length, records: summary.records, elapsedMs: Date.now() - started });
    progress();

    await c.run(RAW_BATCH_DDL);
    await c.run(BATCH_FILES_DDL);
    await c.run(RUN_SHARED_DDL);
    const batchRecords = opts.batchRecords ?? DEFAULT_BATCH_RECORDS;
    const batchFiles = opts.batchFiles ?? 20_000;
    let batch: ReadFile[] = [];
    let size = 0;
    // Reading (Node, this thread) overlaps loading (DuckDB, its own threads): while one batch
    // loads, the next is read. At most one batch loads at a time, so batches commit in order.
    let loading: Promise<void> = Promise.resolve();
    const startLoad = async (b: ReadFile[]): Promise<void> => {
      await loading;
      loading = loadBatch(c, b, summary, changed).then(progress);
      // A failure surfaces when the next batch waits for this one, or at the end.
      loading.catch(() => undefined);
    };
    try {
      for await (const item of readFiles(todo)) {
        done++;
        if ('error' in item) summary.errors.push({ path: item.file.path, reason: item.error });
        else {
          batch.push(item);
          size += item.records.length;
          if (size >= batchRecords || batch.length >= batchFiles) {
            await startLoad(batch);
            batch = [];
            size = 0;
          }
        }
      }
      if (batch.length) await startLoad(batch);
      await loading;
    } catch (e) {
      // The batches before the failure are stored: bring the rollups up to them before reporting it.
      if (await refreshRollups(c).catch(() => false)) changed();
      throw e;
    }
    await dropPairedOwnerCopies(c, summary, changed);
    await dropReplacedOriginals(c, summary, changed);
    summary.untimedRecords = (await untimed(c)) - untimedBefore;
    progress();
    if (await refreshRollups(c)) changed();
    await span(c, summary);
  });
  if (opts.walkMemo) rememberWalk(opts.walkMemo, found.dirs, summary, walkStarted);
  if (opts.sample) await setSampleStore(db, true);
  summary.nonKmsRecords = summary.records - summary.kmsRecords;
  summary.elapsedMs = Date.now() - started;
  // Every event is stored by now: failing to write this account of the run must not fail the run.
  await saveLastIngest(db, inputs, summary).catch((e: unknown) =>
    console.warn(`[keytrail] could not record the ingest for the Data health page: ${e instanceof Error ? e.message : String(e)}`),
  );
  return summary;
}

async function loadBatch(c: DuckDBConnection, batch: ReadFile[], summary: IngestSummary, changed: () => void): Promise<void> {
  try {
    await loadFiles(c, batch, summary, changed);
  } catch (e) {
    // No room to write: retrying file by file would only fail again, slowly (lib/ingest/io-errors.ts).
    if (isDiskFullError(e)) throw e;
    if (batch.length === 1) return salvageFile(c, batch[0].file, e, summary, changed);
    // One malformed record fails the whole statement: retry file by file to isolate it. The
    // batch's text was let go once appended, so each file is read again (this is the rare path).
    for (const { file } of batch) {
      const one = readOne(file);
      if ('error' in one) summary.errors.push({ path: file.path, reason: one.error });
      else await loadBatch(c, [one], summary, changed);
    }
  }
}

/**
 * A file that failed to load alone: its records are checked one by one (lib/ingest/salvage.ts), and
 * every record DuckDB reads is loaded; each one it cannot is reported, the file's others kept. The
 * file is then recorded as read, so it is not retried (its bad records would fail again).
 */
async function salvageFile(c: DuckDBConnection, file: FoundFile, e: unknown, summary: IngestSummary, changed: () => void): Promise<void> {
  const fail = (why: unknown) => summary.errors.push({ path: file.path, reason: `a record could not be parsed: ${firstLine(why)}` });
  const one = readOne(file);
  if ('error' in one) return void summary.errors.push({ path: file.path, reason: one.error });
  const checked = await checkRecords(c, one.records);
  // Every record reads and none was repaired: what failed was not a record, and would fail again.
  if (!checked.bad.length && checked.records.every((r, i) => r === one.records[i])) return void fail(e);
  const kept = { ...one, records: checked.records, indexes: checked.keep.map((i) => one.indexes[i]) };
  try {
    await loadFiles(c, [kept], summary, changed);
  } catch (again) {
    if (isDiskFullError(again)) throw again;
    return void fail(again);
  }
  for (const { at, reason } of checked.bad)
    summary.errors.push({
      path: file.path,
      reason: `record ${one.indexes[at] + 1} of the file could not be parsed and is not stored (${reason}); the file's other records were loaded`,
    });
}

/** `changed` is called after each commit: answers cached from before are stale (lib/engines/duckdb/cache.ts). */
async function loadFiles(c: DuckDBConnection, batch: ReadFile[], summary: IngestSummary, changed: () => void): Promise<void> {
  await c.run('BEGIN TRANSACTION');
  try {
    await c.run('DELETE FROM raw_batch');
    await c.run('DELETE FROM batch_files');
    const files = await c.createAppender('batch_files', 'main', 'temp');
    const raw = await c.createAppender('raw_batch', 'main', 'temp');
    let staged = 0;
    for (const [i, b] of batch.entries()) {
      files.appendInteger(i);
      files.appendVarchar(b.file.path);
      files.appendBigInt(BigInt(b.file.size));
      files.appendBigInt(BigInt(b.file.mtimeMs));
      files.appendVarchar(b.skip ? 'skipped' : 'ok');
      if (b.skip) files.appendVarchar(b.skip);
      else files.appendNull();
      files.appendBigInt(BigInt(b.total));
      files.endRow();
      for (const [j, r] of b.records.entries()) {
        raw.appendInteger(i);
        raw.appendInteger(b.indexes[j]);
        raw.appendVarchar(r);
        raw.endRow();
        staged++;
      }
      // DuckDB has its own copy now: holding the text in Node too while the batch loads
      // (and the next is read) would keep two batches' text in the heap.
      b.records = [];
      b.indexes = [];
    }
    files.closeSync();
    raw.closeSync();
    let kms = 0;
    let kept = 0;
    let replaced = 0;
    let added = 0;
    if (staged) {
      await c.run(STAGE_SQL);
      const [n, lo, hi, shared] = (await c.runAndReadAll(STAGE_SPAN_SQL)).getRowsJS()[0];
      kms = Number(n);
      const inSpan = typeof lo === 'string' && typeof hi === 'string';
      if (inSpan) await c.run(stageDedupSql(true), [lo, hi]);
      else await c.run(stageDedupSql(false));
      kept = Number((await c.runAndReadAll('SELECT count(*) FROM staging_keep')).getRowsJS()[0][0]);
      // Corrections are rare, and what they name is looked up on few rows: cheaper to run than to test for.
      if (kept) replaced = Number((await c.run(SKIP_REPLACED_SQL)).rowsChanged);
      // The derivation is the same SQL Athena runs as a view, pointed at this batch.
      await c.run(STAGED_SOURCE_VIEW);
      // A copy pairs only with a record of the same call: most batches have nothing to pair.
      if (Number(shared)) {
        await c.run(BATCH_SHARED_SQL);
        await c.run(ADD_RUN_SHARED_SQL);
        await c.run(skipPairedOwnerCopiesSql(inSpan), inSpan ? [lo, hi] : []);
      }
      const res = await c.run(INSERT_EVENTS_SQL);
      added = Number(res.rowsChanged);
      if (added) await c.run(MARK_STALE_SQL);
    }
    await c.run(MARK_FILES_SQL);
    await c.run('COMMIT');
    // Only new events change what queries answer: recording files as read does not.
    if (added) changed();
    for (const b of batch) {
      if (b.skip) bump(summary.skipped, b.skip);
      else {
        summary.filesRead++;
        summary.records += b.total;
      }
    }
    summary.kmsRecords += kms;
    summary.eventsAdded += added;
    summary.duplicatesDropped += kms - kept;
    // Not re-deliveries, yet not stored: VPC endpoint copies (the derivation's own filter), and key
    // owners' copies of cross-account calls whose caller's copy is in the batch or stored.
    summary.copiesSkipped += kept - replaced - added;
    summary.replacedByCorrections += replaced;
  } catch (e) {
    await c.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Owners' copies stored before this run, whose twin the run brought (lib/ingest/staging.ts). */
async function dropPairedOwnerCopies(c: DuckDBConnection, summary: IngestSummary, changed: () => void): Promise<void> {
  const any = (await c.runAndReadAll('SELECT count(*) FROM temp.run_shared')).getRowsJS()[0][0];
  if (!Number(any)) return;
  // Counted once already: stored in an earlier run, or added by this one before its twin.
  summary.copiesSkipped += await dropStored(c, DROP_OWNER_COPIES_SQL, summary, changed);
}

/** Originals stored before their correction (CloudTrail's UPDATED_DATA), which the store now holds (lib/ingest/staging.ts). */
async function dropReplacedOriginals(c: DuckDBConnection, summary: IngestSummary, changed: () => void): Promise<void> {
  // Only a run that stored events can have brought a correction.
  if (!summary.eventsAdded) return;
  // The correction was added in this run's count; the call it replaces was counted before.
  summary.replacedByCorrections += await dropStored(c, DROP_REPLACED_SQL, summary, changed);
}

/**
 * After the batches, a delete of stored events in a transaction of its own (DuckDB 1.5 failed
 * deleting inside the transactions that append: lib/ingest/staging.ts). The run's count of events
 * added is net of what it takes out. Returns how many it deleted.
 */
async function dropStored(c: DuckDBConnection, sql: string, summary: IngestSummary, changed: () => void): Promise<number> {
  await c.run('BEGIN TRANSACTION');
  try {
    const dropped = Number((await c.run(sql)).rowsChanged);
    if (dropped) await c.run(MARK_STALE_SQL);
    await c.run('COMMIT');
    if (dropped) changed();
    summary.eventsAdded -= Math.min(dropped, summary.eventsAdded);
    return dropped;
  } catch (e) {
    await c.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

async function untimed(c: DuckDBConnection): Promise<number> {
  return Number((await c.runAndReadAll(UNTIMED_SQL)).getRowsJS()[0][0]);
}

async function span(c: DuckDBConnection, summary: IngestSummary): Promise<void> {
  const r = (await c.runAndReadAll('SELECT min(event_ts), max(event_ts), count(*) FROM kms_events')).getRowsJS()[0];
  summary.storeFrom = r[0] instanceof Date ? r[0].toISOString() : null;
  summary.storeTo = r[1] instanceof Date ? r[1].toISOString() : null;
  summary.storeEvents = Number(r[2]);
}

/**
 * After an ingest: the folders whose files were all read. A folder changed within the last
 * seconds is left out (a file landing in the same clock tick as the walk would leave the time
 * unchanged), and so is any folder holding a file that could not be read, so it is tried again.
 */
function rememberWalk(memo: Map<string, number>, dirs: Map<string, number>, summary: IngestSummary, walkStarted: number): void {
  const failed = new Set(summary.errors.map((e) => path.dirname(e.path)));
  for (const [dir, mtimeMs] of dirs) {
    if (mtimeMs < walkStarted - 2_000 && !failed.has(dir)) memo.set(dir, mtimeMs);
    else memo.delete(dir);
  }
}

function bump(m: Record<string, number>, k: string): void {
  m[k] = (m[k] ?? 0) + 1;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
