/**
 * Bench phase, the limit: DuckDB's bare `read_json` over the same log files
 * KeyTrail reads (digests excluded), nothing stored, DuckDB's default settings.
 *   phase-limit.ts json  <logs>   every file parsed in full: `Records` declared JSON[], so each
 *                                 record is parsed and written back as text, then counted
 *   phase-limit.ts typed <logs>   `Records` declared with the record type KeyTrail's ingest uses
 *                                 (camelCase keys, JSON for the free-form fields: stack notes traps 3 and 6),
 *                                 unnested, and fields touched so none can be skipped
 */
import { DuckDBInstance, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { RECORD_TYPE } from '../lib/ingest/staging';
import { logFiles, phaseMain } from './common';

// One CloudTrail file is one JSON object; the default 16 MiB cap rejects big ones (trap 4).
const OPTS = `format = 'unstructured', maximum_object_size = 1073741824`;

const SQL: Record<string, string> = {
  json: `SELECT sum(len(Records)) FROM read_json(?, columns = {Records: 'JSON[]'}, ${OPTS})`,
  typed: `
    SELECT count(*), count(r.eventID), count(r.userIdentity.arn), count(r.resources), sum(length(CAST(r.requestParameters AS VARCHAR)))
    FROM (SELECT unnest(Records) AS r FROM read_json(?, columns = {Records: '${RECORD_TYPE}[]'}, ${OPTS}))`,
};

phaseMain(async () => {
  const [mode, logs] = process.argv.slice(2);
  const sql = SQL[mode];
  if (!sql) throw new Error(`unknown mode ${mode}`);
  const files = logFiles(logs);
  const t0 = performance.now();
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  const rows = (await c.runAndReadAll(sql, [listValue(files)], [LIST(VARCHAR)])).getRowsJS();
  const ms = Math.round(performance.now() - t0);
  const version = String((await c.runAndReadAll('SELECT version()')).getRowsJS()[0][0]);
  const threads = String((await c.runAndReadAll(`SELECT current_setting('threads')`)).getRowsJS()[0][0]);
  c.closeSync();
  return { ms, records: Number(rows[0][0]), files: files.length, duckdb: version, threads };
});
