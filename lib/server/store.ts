import 'server-only';
import { loadConfig, type KeyTrailConfig } from '../config';
import { createAthenaClient, loadAthenaSettings } from '../engines/athena/database';
import { createAthenaEngine } from '../engines/athena/engine';
import { Database } from '../engines/duckdb/database';
import { createDuckdbEngine } from '../engines/duckdb/engine';
import { EngineError, type Engine } from '../engines/types';

/**
 * The process's engine: embedded DuckDB (with its store, `db`) or Amazon Athena
 * (no local store: ingest and sample data are for the embedded engine).
 */
export interface Store {
  config: KeyTrailConfig;
  db: Database | null;
  engine: Engine;
}

// One instance per process, kept on globalThis so dev-mode module reloads reuse it.
const g = globalThis as unknown as { __keytrailStore?: Promise<Store> };

/**
 * Opened on first use (never at import time: `next build` workers import this
 * module and must not take the database lock). A failed open is not cached, so
 * fixing the cause and reloading recovers.
 */
export function getStore(): Promise<Store> {
  if (!g.__keytrailStore) {
    g.__keytrailStore = (async (): Promise<Store> => {
      const config = loadConfig();
      if (config.KEYTRAIL_ENGINE === 'athena') {
        const settings = loadAthenaSettings();
        return { config, db: null, engine: createAthenaEngine(settings, createAthenaClient(settings)) };
      }
      const db = await Database.open(config.dbPath);
      const opened = g.__keytrailStore;
      db.onInvalidated = () => {
        console.error(`[keytrail] ${config.dbPath} hit a fatal write error (is the disk full?); it is reopened on the next request.`);
        if (g.__keytrailStore === opened) g.__keytrailStore = undefined;
        // Queries in flight fail either way; closing frees the file so the next request can open it.
        setImmediate(() => db.close());
      };
      return { config, db, engine: createDuckdbEngine(db, { cacheSeconds: config.KEYTRAIL_CACHE_SECONDS }) };
    })();
    g.__keytrailStore.catch(() => {
      g.__keytrailStore = undefined;
    });
  }
  return g.__keytrailStore;
}

/** The embedded store, for what only it can do (ingest, the sample flag). */
export async function getLocalDb(): Promise<Database> {
  const { db } = await getStore();
  if (!db)
    throw new EngineError('user', 'This works with the embedded engine only; KEYTRAIL_ENGINE is athena.', { setting: 'KEYTRAIL_ENGINE' });
  return db;
}
