import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LIST, VARCHAR, listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../engines/duckdb/database';
import { asSubquery, readSql } from '../queries/sql-files';
import { findFiles, type FoundFile } from './find-files';
import { readLogFile } from './read-log-file';
import { RESOLVE_ALIASES_SQL } from './resolve-aliases';
import { clearSample, isSampleStore, setSampleStore } from './sample-flag';
import { STAGE_DEDUP_SQL, STAGE_SQL } from './staging';
import { emptySummary, type IngestProgress, type IngestSummary } from './summary';

export interface IngestOptions {
  followSymlinks?: boolean;
  onProgress?: (p: IngestProgress) => void;
  /** Where staged NDJSON goes; defaults to a temp folder beside the database. */
  tmpDir?: string;
  /**
   * `sample`: this is KeyTrail's sample data (the store is flagged so the UI says so).
   * Otherwise real logs: a store holding only the sample is emptied first.
   */
  sample?: boolean;
  /** Batch limits: one transaction per batch. */
  batchRecords?: number;
  batchFiles?: number;
}

interface ReadFile {
  file: FoundFile;
  records: string[]; // KMS candidates only
  total: number;
}

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
  const found = await findFiles(inputs, { followSymlinks: opts.followSymlinks });
  for (const p of found.problems) summary.errors.push(p);

  const seen = await knownFiles(db);
  const todo: FoundFile[] = [];
  for (const f of found.files) {
    const prev = seen.get(f.path);
    if (prev && prev.size === f.size && prev.mtimeMs === f.mtimeMs) summary.filesUnchanged++;
    else if (f.kind === 'digest') bump(summary.skipped, 'CloudTrail digest file');
    else if (f.kind === 'other') bump(summary.skipped, 'not a .json or .json.gz file');
    else todo.push(f);
  }
  summary.filesFound = found.files.length;
  const progress = (): void =>
    opts.onProgress?.({
      filesDone: summary.filesRead + summary.errors.length - found.problems.length,
      filesTotal: todo.length,
      records: summary.records,
      elapsedMs: Date.now() - started,
    });
  progress();

  const tmpDir = await fs.mkdtemp(path.join(opts.tmpDir ?? os.tmpdir(), 'keytrail-ingest-'));
  try {
    await db.withSession(async (c) => {
      const batchRecords = opts.batchRecords ?? 50_000;
      const batchFiles = opts.batchFiles ?? 256;
      let batch: ReadFile[] = [];
      let batchSize = 0;
      for await (const item of readAhead(todo, 4)) {
        if ('error' in item) {
          summary.errors.push({ path: item.file.path, reason: item.error });
        } else if (item.kind === 'skip') {
          bump(summary.skipped, item.reason);
          await markFiles(c, [{ file: item.file, status: 'skipped', reason: item.reason }]);
        } else {
          batch.push(item.read);
          batchSize += item.read.records.length;
          if (batchSize >= batchRecords || batch.length >= batchFiles) {
            await loadBatch(c, batch, tmpDir, summary);
            batch = [];
            batchSize = 0;
          }
        }
        progress();
      }
      if (batch.length) await loadBatch(c, batch, tmpDir, summary);
      progress();
      await c.run(RESOLVE_ALIASES_SQL);
      await span(c, summary);
    });
  } finally {
    await fs.rm(tmpDir, { recursive: true, force: true });
  }
  if (opts.sample) await setSampleStore(db, true);
  summary.elapsedMs = Date.now() - started;
  return summary;
}

type ReadItem =
  | { file: FoundFile; error: string }
  | { file: FoundFile; kind: 'skip'; reason: string }
  | { file: FoundFile; kind: 'read'; read: ReadFile };

/** Reads and splits files a few at a time ahead of the loader, in order. */
async function* readAhead(files: FoundFile[], depth: number): AsyncGenerator<ReadItem> {
  const pending: Promise<ReadItem>[] = [];
  let next = 0;
  const start = (f: FoundFile): Promise<ReadItem> =>
    readLogFile(f.path).then(
      (r): ReadItem => {
        if (r.kind === 'digest') return { file: f, kind: 'skip', reason: 'CloudTrail digest file' };
        if (r.kind === 'not-cloudtrail') return { file: f, kind: 'skip', reason: 'not a CloudTrail log file' };
        // Cheap pre-filter; the exact eventSource test happens in SQL.
        const kms = r.records.filter((s) => s.includes('kms.amazonaws.com'));
        return { file: f, kind: 'read', read: { file: f, records: kms, total: r.records.length } };
      },
      (e: Error): ReadItem => ({ file: f, error: e.message }),
    );
  while (next < files.length && pending.length < depth) pending.push(start(files[next++]));
  while (pending.length) {
    const item = await pending.shift()!;
    if (next < files.length) pending.push(start(files[next++]));
    yield item;
  }
}

async function loadBatch(c: DuckDBConnection, batch: ReadFile[], tmpDir: string, summary: IngestSummary): Promise<void> {
  try {
    await loadFiles(c, batch, tmpDir, summary);
  } catch (e) {
    if (batch.length === 1) {
      summary.errors.push({ path: batch[0].file.path, reason: `a record could not be parsed: ${firstLine(e)}` });
      return;
    }
    // One malformed record fails the whole statement: retry file by file to isolate it.
    for (const one of batch) await loadBatch(c, [one], tmpDir, summary);
  }
}

async function loadFiles(c: DuckDBConnection, batch: ReadFile[], tmpDir: string, summary: IngestSummary): Promise<void> {
  const staged: string[] = [];
  for (const [i, b] of batch.entries()) {
    if (!b.records.length) continue;
    const p = path.join(tmpDir, `${i}.ndjson`);
    await fs.writeFile(p, b.records.join('\n') + '\n');
    staged.push(p);
  }
  await c.run('BEGIN TRANSACTION');
  try {
    let kms = 0;
    let added = 0;
    if (staged.length) {
      await c.run(STAGE_SQL, [listValue(staged)], [LIST(VARCHAR)]);
      await c.run(STAGE_DEDUP_SQL);
      await c.run('CREATE OR REPLACE TEMP TABLE batch_files (file_index INTEGER, source_file VARCHAR)');
      for (const [i, b] of batch.entries()) await c.run('INSERT INTO batch_files VALUES (?, ?)', [i, b.file.path]);
      kms = Number((await c.runAndReadAll(`SELECT count(*) FROM staging WHERE eventsource = 'kms.amazonaws.com'`)).getRows()[0][0]);
      // The derivation is the same SQL Athena runs as a view, pointed at this batch.
      await c.run('CREATE OR REPLACE TEMP VIEW cloudtrail_logs AS SELECT * FROM staging_unique');
      const res = await c.run(`
        INSERT OR IGNORE INTO kms_events BY NAME
        SELECT v.*, s.raw, f.source_file
        FROM (${asSubquery(readSql('views/kms_events.sql'))}) AS v
        JOIN staging_unique AS s USING (eventid)
        JOIN batch_files AS f ON f.file_index = s.file_index`);
      added = Number(res.rowsChanged);
    }
    await markFiles(c, batch.map((b) => ({ file: b.file, status: 'ok', reason: null, records: b.total })));
    await c.run('COMMIT');
    for (const b of batch) summary.records += b.total;
    summary.filesRead += batch.length;
    summary.kmsRecords += kms;
    summary.eventsAdded += added;
    summary.duplicatesDropped += kms - added;
  } catch (e) {
    await c.run('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await Promise.all(staged.map((p) => fs.rm(p, { force: true })));
  }
  summary.nonKmsRecords = summary.records - summary.kmsRecords;
}

async function markFiles(
  c: DuckDBConnection,
  rows: { file: FoundFile; status: string; reason: string | null; records?: number }[],
): Promise<void> {
  for (const r of rows)
    await c.run(
      `INSERT INTO ingested_files VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, now())
       ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
         status = excluded.status, reason = excluded.reason, records = excluded.records, ingested_at = now()`,
      [r.file.path, r.file.size, r.file.mtimeMs, r.status, r.reason, r.records ?? null],
    );
}

async function knownFiles(db: Database): Promise<Map<string, { size: number; mtimeMs: number }>> {
  return db.withConnection(async (c) => {
    const rows = (await c.runAndReadAll('SELECT path, size, mtime_ms FROM ingested_files')).getRowsJS();
    return new Map(rows.map((r) => [String(r[0]), { size: Number(r[1]), mtimeMs: Number(r[2]) }]));
  });
}

async function span(c: DuckDBConnection, summary: IngestSummary): Promise<void> {
  const r = (await c.runAndReadAll('SELECT min(event_ts), max(event_ts), count(*) FROM kms_events')).getRowsJS()[0];
  summary.storeFrom = r[0] instanceof Date ? r[0].toISOString() : null;
  summary.storeTo = r[1] instanceof Date ? r[1].toISOString() : null;
  summary.storeEvents = Number(r[2]);
}

function bump(m: Record<string, number>, k: string): void {
  m[k] = (m[k] ?? 0) + 1;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
