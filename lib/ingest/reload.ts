import fs from 'node:fs';
import path from 'node:path';
import { tableExists, type Database } from '../engines/duckdb/database';

/**
 * A new KeyTrail that changes the store's format drops its events (the store is a cache of the log
 * files) and keeps the list of files it had read (`reload_files`, lib/engines/duckdb/database.ts).
 * The next start or ingest reads them again, so an upgrade neither loses a user's data nor swaps it
 * for the sample.
 */
export interface PendingReload {
  /** Where to read from: each trail's folder (the one holding `AWSLogs`), or a file's own folder. */
  roots: string[];
  /** Of those, the ones no longer on disk. */
  missing: string[];
}

/** Null when the store holds no list (the usual case). */
export async function pendingReload(db: Database): Promise<PendingReload | null> {
  const files = await db.withConnection(async (c) => {
    if (!(await tableExists(c, 'reload_files'))) return null;
    return (await c.runAndReadAll('SELECT path FROM reload_files')).getRowsJS().map((r) => String(r[0]));
  });
  if (!files) return null;
  const out: PendingReload = { roots: [], missing: [] };
  for (const r of reloadRoots(files)) (fs.existsSync(r) ? out.roots : out.missing).push(r);
  return out;
}

/** Says on stderr what is read again, and what is gone. */
export function describeReload(r: PendingReload): void {
  const shown = r.roots.length > 10 ? `${r.roots.slice(0, 10).join(', ')} and ${r.roots.length - 10} more folders` : r.roots.join(', ');
  if (r.roots.length) console.error(`The store's format changed: reading again the log files it held, from ${shown}.`);
  if (r.missing.length) console.error(`Gone since they were read, so not read again: ${r.missing.join(', ')}.`);
}

/** Once the files were read again. */
export async function finishReload(db: Database): Promise<void> {
  await db.withConnection((c) => c.run('DROP TABLE IF EXISTS reload_files'));
}

/**
 * The folders to read again for these files: the folder above `AWSLogs` for a file in a trail's
 * layout (one input per trail, not one per file: a year of a trail is ~100k files per region), or,
 * synced without it (`aws s3 sync s3://<bucket>/AWSLogs ./logs`), the folder above its
 * `<account>/CloudTrail/`; else the file's own folder. A folder inside another is left out. Sorted.
 */
export function reloadRoots(files: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.split(path.sep);
    const logs = parts.lastIndexOf('AWSLogs');
    const account = parts.findIndex((p, i) => /^\d{12}$/.test(p) && parts[i + 1] === 'CloudTrail');
    const at = logs > 0 ? logs : account;
    dirs.add(at > 0 ? parts.slice(0, at).join(path.sep) || path.sep : path.dirname(f));
  }
  // With a separator at the end, a folder's subfolders sort right after it: each is checked against
  // the last one kept only (comparing every pair took an hour for an organisation's ~100k day folders).
  const asDir = (d: string) => (d.endsWith(path.sep) ? d : d + path.sep);
  const kept: string[] = [];
  for (const d of [...dirs].sort((a, b) => (asDir(a) < asDir(b) ? -1 : 1))) {
    const last = kept[kept.length - 1];
    if (last === undefined || !asDir(d).startsWith(asDir(last))) kept.push(d);
  }
  return kept.sort();
}
