import path from 'node:path';
import { z } from 'zod';
import type { Database } from '../engines/duckdb/database';
import type { IngestSummary } from './summary';

/**
 * What the last ingest that read or failed on something did, kept in the store so the Data
 * health page can show it whoever ran it (`npm run ingest`, a hand-off, the folder watcher):
 * a file that cannot be loaded is otherwise only in a terminal or a server log. Failed files are
 * not recorded as read, so every later ingest tries them again and lists them again.
 */
export const LastIngest = z.object({
  finishedAt: z.string(),
  inputs: z.array(z.string()),
  filesFound: z.number(),
  filesRead: z.number(),
  filesUnchanged: z.number(),
  skipped: z.record(z.string(), z.number()),
  errors: z.array(z.object({ path: z.string(), reason: z.string() })),
  /** Errors beyond the ones kept (the first MAX_ERRORS). */
  errorsTotal: z.number(),
  records: z.number(),
  kmsRecords: z.number(),
  eventsAdded: z.number(),
  duplicatesDropped: z.number(),
  copiesSkipped: z.number(),
  // Absent in records an older KeyTrail wrote.
  untimedRecords: z.number().default(0),
  replacedByCorrections: z.number().default(0),
  elapsedMs: z.number(),
});
export type LastIngest = z.infer<typeof LastIngest>;

const MAX_ERRORS = 200;

/**
 * A run that read nothing and failed on nothing new leaves the record alone: most watcher ticks,
 * and ticks that only retry the same broken files (which would otherwise replace the run that
 * loaded data with "0 read" every minute).
 */
export async function saveLastIngest(db: Database, inputs: string[], s: IngestSummary): Promise<void> {
  if (!s.filesRead) {
    if (!s.errors.length) return;
    const before = await readLastIngest(db);
    const paths = (xs: { path: string }[]) => JSON.stringify(xs.map((e) => e.path).sort());
    if (before && before.errorsTotal === s.errors.length && paths(before.errors) === paths(s.errors.slice(0, MAX_ERRORS))) return;
  }
  const record: LastIngest = {
    finishedAt: new Date().toISOString(),
    inputs: inputs.map((p) => path.resolve(p)),
    filesFound: s.filesFound,
    filesRead: s.filesRead,
    filesUnchanged: s.filesUnchanged,
    skipped: s.skipped,
    errors: s.errors.slice(0, MAX_ERRORS),
    errorsTotal: s.errors.length,
    records: s.records,
    kmsRecords: s.kmsRecords,
    eventsAdded: s.eventsAdded,
    duplicatesDropped: s.duplicatesDropped,
    copiesSkipped: s.copiesSkipped,
    replacedByCorrections: s.replacedByCorrections,
    untimedRecords: s.untimedRecords,
    elapsedMs: s.elapsedMs,
  };
  await db.withConnection((c) =>
    c.run(`INSERT INTO keytrail_meta VALUES ('last_ingest', ?) ON CONFLICT DO UPDATE SET v = excluded.v`, [JSON.stringify(record)]),
  );
}

/** Null before the first ingest, or when the stored record cannot be read (an older KeyTrail wrote it). */
export async function readLastIngest(db: Database): Promise<LastIngest | null> {
  const raw = await db.withConnection(
    async (c) => (await c.runAndReadAll(`SELECT v FROM keytrail_meta WHERE k = 'last_ingest'`)).getRowsJS()[0]?.[0],
  );
  if (typeof raw !== 'string') return null;
  try {
    const parsed = LastIngest.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
