import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { EngineError } from '../types';
import { COMPAT_MACROS, COMPAT_SETTINGS } from './compat';
import { refreshRollups } from '../../ingest/rollups';
import { DERIVED_TABLES, REBUILD_ROLLUPS_SQL, RELOAD_FILES_DDL, ROLLUPS_VERSION, SCHEMA_DDL, SCHEMA_VERSION } from './schema';

/** DuckDB's words for an instance it has invalidated. */
const FATAL = /database has been invalidated|^FATAL Error/im;

/**
 * One open DuckDB file: the instance plus a small pool of connections, each
 * prepared with the compat layer (TEMP macros are per connection).
 * A DuckDB file is locked to one process, so exactly one process opens it: the
 * dashboard when it runs, otherwise the ingest CLI (see lib/ingest/delegate.ts).
 */
/** DuckDB's worker threads: one per core. */
export const DUCKDB_THREADS = Math.max(1, os.availableParallelism());

/** DuckDB's default rows per row group (the unit it compresses and writes). */
export const ROW_GROUP_ROWS = 122_880;

export class Database {
  private idle: DuckDBConnection[] = [];
  private waiters: ((c: DuckDBConnection) => void)[] = [];
  private all: DuckDBConnection[] = [];
  private closed = false;
  /**
   * After a fatal error (a failed write, e.g. a full disk) DuckDB invalidates the
   * instance: every later query fails until the file is opened again. The owner
   * (lib/server/store.ts) is told, so the dashboard reopens instead of failing forever.
   */
  invalidated = false;
  /** Bumped whenever stored data changes (an ingest commit, the sample flag): keys the query cache. */
  generation = 0;
  markChanged(): void {
    this.generation++;
  }
  onInvalidated: (() => void) | null = null;

  /** Notes a failure; true when it left the database unusable. */
  noteFailure(e: unknown): boolean {
    if (this.invalidated || !FATAL.test(e instanceof Error ? e.message : String(e))) return this.invalidated;
    this.invalidated = true;
    this.onInvalidated?.();
    return true;
  }

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly poolSize: number,
  ) {}

  static async open(dbPath: string, poolSize = 4): Promise<Database> {
    if (dbPath !== ':memory:') fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    let instance: DuckDBInstance;
    try {
      // A bounded memory limit keeps the dashboard's footprint predictable (DuckDB spills to disk past it).
      instance = await DuckDBInstance.create(dbPath, {
        // One thread per core: more (it was one per pooled connection) only adds switching;
        // measured at 10M events, keys_overview 350 → 285 ms and key_status 580 → 530 ms on 2 cores.
        threads: String(DUCKDB_THREADS),
        memory_limit: process.env.KEYTRAIL_DUCKDB_MEMORY ?? '1GB',
      });
    } catch (e) {
      throw describeOpenError(dbPath, e);
    }
    // The store holds every KMS call of the account: its owner's alone, as the server's token file is
    // (lib/ingest/delegate.ts). A store made by an older KeyTrail was readable by every local user.
    if (dbPath !== ':memory:') ownerOnly(dbPath);
    const db = new Database(dbPath, instance, poolSize);
    await db.withConnection(async (c) => {
      await c.run('CREATE TABLE IF NOT EXISTS keytrail_meta (k VARCHAR PRIMARY KEY, v VARCHAR)');
      const v = (await c.runAndReadAll(`SELECT v FROM keytrail_meta WHERE k = 'schema_version'`)).getRowsJS()[0]?.[0];
      if (v !== undefined && Number(v) > SCHEMA_VERSION)
        throw new EngineError(
          'unavailable',
          `${dbPath} was written by a newer KeyTrail (store format ${v}; this one reads ${SCHEMA_VERSION}). Update KeyTrail, or point KEYTRAIL_DB elsewhere.`,
          {
            setting: 'KEYTRAIL_DB',
          },
        );
      if (v !== undefined && v !== String(SCHEMA_VERSION)) {
        // The store is a cache of the log files: rebuild it rather than migrate it. The files it had
        // read are kept in a list, read again by the next start or ingest (lib/ingest/reload.ts).
        const kept = await keepFilesToReload(c);
        console.warn(
          `[keytrail] ${dbPath} has store format ${v}; this version uses ${SCHEMA_VERSION}. Its events are dropped` +
            (kept
              ? ` and read again from their ${kept.toLocaleString('en-US')} log files at the next start or ingest.`
              : ': run the ingest again to reload them.'),
        );
        await c.run('DROP VIEW IF EXISTS cloudtrail_logs');
        for (const t of DERIVED_TABLES) await c.run(`DROP TABLE IF EXISTS ${t}`);
        // It describes files whose events were just dropped.
        await c.run(`DELETE FROM keytrail_meta WHERE k = 'last_ingest'`);
      }
      for (const ddl of SCHEMA_DDL) await c.run(ddl);
      const rv = (await c.runAndReadAll(`SELECT v FROM keytrail_meta WHERE k = 'rollups_version'`)).getRowsJS()[0]?.[0];
      if (rv !== String(ROLLUPS_VERSION)) {
        // The rollups changed shape since this store was written: derive them again from its events.
        for (const sql of REBUILD_ROLLUPS_SQL) await c.run(sql);
        await c.run(`INSERT INTO keytrail_meta VALUES ('rollups_version', ?) ON CONFLICT DO UPDATE SET v = excluded.v`, [
          String(ROLLUPS_VERSION),
        ]);
      }
      // Events stored by an ingest that stopped before its refresh (killed, or a later batch failed):
      // the rollups catch up now, not at the next ingest, so key_status and the keys list agree with them.
      await refreshRollups(c);
      await c.run(`INSERT INTO keytrail_meta VALUES ('schema_version', ?) ON CONFLICT DO UPDATE SET v = excluded.v`, [
        String(SCHEMA_VERSION),
      ]);
    });
    return db;
  }

  private async prepare(): Promise<DuckDBConnection> {
    const c = await this.instance.connect();
    for (const s of COMPAT_SETTINGS) await c.run(s);
    for (const m of COMPAT_MACROS) await c.run(m);
    return c;
  }

  private async newConnection(): Promise<DuckDBConnection> {
    const c = await this.prepare();
    this.all.push(c);
    return c;
  }

  /**
   * A dedicated connection for work that creates TEMP objects (ingest), so
   * they never leak into pooled connections that serve queries.
   */
  async withSession<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new EngineError('unavailable', 'The database is closed.');
    const c = await this.prepare();
    try {
      return await fn(c);
    } catch (e) {
      this.noteFailure(e);
      throw e;
    } finally {
      c.closeSync();
    }
  }

  private async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new EngineError('unavailable', 'The database is closed.');
    const c = this.idle.pop();
    if (c) return c;
    if (this.all.length < this.poolSize) return this.newConnection();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(c: DuckDBConnection): void {
    const next = this.waiters.shift();
    if (next) next(c);
    else this.idle.push(c);
  }

  /** Borrow a prepared connection for the duration of `fn`. */
  async withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const c = await this.acquire();
    try {
      return await fn(c);
    } catch (e) {
      this.noteFailure(e);
      throw e;
    } finally {
      this.release(c);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.all) c.closeSync();
    this.instance.closeSync();
  }
}

/** Turn DuckDB's open failures into messages that say what to do. */
export function describeOpenError(dbPath: string, e: unknown): EngineError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/lock/i.test(msg)) {
    const pid = /PID (\d+)/.exec(msg)?.[1];
    return new EngineError(
      'unavailable',
      `The database ${dbPath} is in use by another process${pid ? ` (pid ${pid})` : ''}. ` +
        'Only one KeyTrail process can open it: stop that process, or run the ingest while the dashboard runs (it hands the work to the dashboard).',
      { setting: 'KEYTRAIL_DB', reason: msg },
    );
  }
  return new EngineError(
    'unavailable',
    `Cannot open the database ${dbPath}: ${msg.split('\n')[0]}. ` +
      'If the file is corrupt, move it aside and re-run the ingest; KeyTrail rebuilds it from your log files.',
    { setting: 'KEYTRAIL_DB', reason: msg },
  );
}

/**
 * Before a store of an older format is dropped: the log files it had read (not the sample's, which
 * is generated again), added to `reload_files`. Returns how many files the list holds.
 */
async function keepFilesToReload(c: DuckDBConnection): Promise<number> {
  if (!(await tableExists(c, 'ingested_files'))) return 0;
  const sample = (await c.runAndReadAll(`SELECT v FROM keytrail_meta WHERE k = 'sample'`)).getRowsJS()[0]?.[0] === '1';
  if (sample) return 0;
  try {
    await c.run(RELOAD_FILES_DDL);
    await c.run(`INSERT INTO reload_files SELECT path FROM ingested_files WHERE status = 'ok' ON CONFLICT DO NOTHING`);
    return Number((await c.runAndReadAll('SELECT count(*) FROM reload_files')).getRowsJS()[0][0]);
  } catch {
    // A store too old to say which files it read: the warning then says to run the ingest again.
    return 0;
  }
}

/** Whether the store has this table (a store of an older format may lack it). */
export async function tableExists(c: DuckDBConnection, table: string): Promise<boolean> {
  const sql = `SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?`;
  return Number((await c.runAndReadAll(sql, [table])).getRowsJS()[0][0]) > 0;
}

/**
 * Makes the store's files (and a write-ahead log beside it) readable by their owner only. The
 * entry points also set the process's umask (lib/owner-only-files.ts), so files DuckDB creates
 * later, a new log included, start that way.
 */
function ownerOnly(dbPath: string): void {
  for (const f of [dbPath, `${dbPath}.wal`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch {
      // Not there (no log yet), or not ours to change (a read-only mount): nothing to tighten.
    }
  }
}
