/**
 * Bench phase, the floor for storing: DuckDB alone turning the same files into the
 * same store, with nothing of KeyTrail's around it. One statement reads every file
 * with read_json (the record type ingest uses), derives the columns with the same
 * shared SQL (queries/views/kms_events.sql) and inserts them into a fresh store
 * opened as KeyTrail opens it; then the store is closed (checkpointed).
 * What it leaves out, and KeyTrail must do: drop re-delivered copies and the key owner's
 * copies of cross-account calls, give records without an eventID an identity from their
 * exact text, record each file as read in the same transaction (so a killed ingest resumes), report bad files one by one
 * (one malformed file fails this whole statement), and keep the dashboard answering.
 *   phase-floor.ts <logs> <db> <records>   (records: the files' record count, from the limit phase)
 */
import fs from 'node:fs';
import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { Database } from '../lib/engines/duckdb/database';
import { RECORD_TYPE, STAGE_COLUMNS } from '../lib/ingest/staging';
import { readSql } from '../lib/queries/sql-files';
import { fileMb, logFiles, phaseMain } from './common';

// The files are small; the default 16 MiB object cap is raised as ingest must (stack notes trap 4),
// but not to 1 GiB: read_json sizes its buffers from it, past the store's 1 GB memory limit.
const OPTS = `format = 'unstructured', filename = true, maximum_object_size = 67108864`;

phaseMain(async () => {
  const [logs, dbPath, records] = process.argv.slice(2);
  const files = logFiles(logs);
  for (const f of [dbPath, `${dbPath}.wal`]) fs.rmSync(f, { force: true });
  const t0 = performance.now();
  const db = await Database.open(dbPath);
  const stored = await db.withSession(async (c) => {
    await c.run('SET VARIABLE files = ?', [listValue(files)], [LIST(VARCHAR)]);
    await c.run(`CREATE OR REPLACE TEMP VIEW cloudtrail_logs AS
      SELECT ${STAGE_COLUMNS}, r.eventID AS eventid, filename AS "$path"
      FROM (SELECT filename, unnest(Records) AS r FROM read_json(getvariable('files'), columns = {Records: '${RECORD_TYPE}[]'}, ${OPTS}))`);
    const res = await c.run(`INSERT INTO kms_events BY NAME ${readSql('views/kms_events.sql')}`);
    return Number(res.rowsChanged);
  });
  db.close();
  const ms = Math.round(performance.now() - t0);
  return { ms, records: Number(records), files: files.length, eventsStored: stored, storeMb: fileMb(dbPath) };
});
