import 'server-only';
import { loadConfig, type KeyTrailConfig } from '../config';
import { Database } from '../engines/duckdb/database';
import { createDuckdbEngine } from '../engines/duckdb/engine';
import { EngineError, type Engine } from '../engines/types';

export interface Store {
  config: KeyTrailConfig;
  db: Database;
  engine: Engine;
}

// One instance per process, kept on globalThis so dev-mode module reloads reuse it.
const g = globalThis as unknown as { __keytrailStore?: Promise<Store> };

/**
 * The process's store, opened on first use (never at import time: `next build`
 * workers import this module and must not take the database lock).
 * A failed open is not cached, so fixing the cause and reloading recovers.
 */
export function getStore(): Promise<Store> {
  if (!g.__keytrailStore) {
    g.__keytrailStore = (async () => {
      const config = loadConfig();
      if (config.KEYTRAIL_ENGINE !== 'duckdb')
        throw new EngineError(
          'unavailable',
          'KEYTRAIL_ENGINE=athena is not available in this version yet. Unset KEYTRAIL_ENGINE to use the embedded engine.',
          {
            setting: 'KEYTRAIL_ENGINE',
          },
        );
      const db = await Database.open(config.dbPath);
      return { config, db, engine: createDuckdbEngine(db) };
    })();
    g.__keytrailStore.catch(() => {
      g.__keytrailStore = undefined;
    });
  }
  return g.__keytrailStore;
}
