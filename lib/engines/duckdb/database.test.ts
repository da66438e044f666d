import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EngineError } from '../types';
import { ingestPaths } from '../../ingest/ingest';
import { kmsRecord, tempDir, writeTrailFile } from '../../test/fixtures';
import { Database } from './database';
import { ROLLUPS_VERSION, SCHEMA_VERSION } from './schema';

/** The store missing, locked or corrupt: a clear message with the fix, never a crash loop. */
describe('opening the store', () => {
  it('creates a missing store and its folder', async () => {
    const p = path.join(tempDir(), 'new', 'folder', 'k.duckdb');
    const db = await Database.open(p);
    db.close();
    expect(fs.existsSync(p)).toBe(true);
  });

  it('explains a corrupt file and how to recover', async () => {
    const p = path.join(tempDir(), 'bad.duckdb');
    fs.writeFileSync(p, 'this is not a database '.repeat(1000));
    const err = await Database.open(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).message).toMatch(/move it aside and re-run the ingest/);
    expect((err as EngineError).detail?.setting).toBe('KEYTRAIL_DB');
  });

  it('explains a store locked by another process, naming it', async () => {
    const p = path.join(tempDir(), 'locked.duckdb');
    (await Database.open(p)).close();
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(p)}).then(() => { console.log('open'); setTimeout(() => {}, 20000); })`,
      ],
      {
        cwd: path.resolve(__dirname, '../../..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      await new Promise<void>((r) => holder.stdout.once('data', () => r()));
      const err = await Database.open(p).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).message).toMatch(/in use by another process/);
      expect((err as EngineError).message).toContain(String(holder.pid));
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

/** The store is a cache of the logs: a store whose rows were derived differently is emptied, not mixed. */
describe('store format', () => {
  it('empties a store of an older format (its rows were derived differently), keeping the list of files to read again', async () => {
    const p = path.join(tempDir(), 'old.duckdb');
    let db = await Database.open(p);
    await db.withConnection(async (c) => {
      await c.run(
        `INSERT INTO ingested_files (path, size, mtime_ms, status, records, ingested_at) VALUES ('/logs/a.json.gz', 1, 1, 'ok', 1, now())`,
      );
      await c.run(`UPDATE keytrail_meta SET v = '4' WHERE k = 'schema_version'`);
    });
    db.close();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let warned = '';
    try {
      db = await Database.open(p);
      warned = warn.mock.calls.join(' ');
    } finally {
      warn.mockRestore();
    }
    const [files, version] = await db.withConnection(async (c) => [
      Number((await c.runAndReadAll('SELECT count(*) FROM ingested_files')).getRowsJS()[0][0]),
      (await c.runAndReadAll(`SELECT v FROM keytrail_meta WHERE k = 'schema_version'`)).getRowsJS()[0][0],
    ]);
    db.close();
    // Every file is read again by the next ingest, through today's derivation.
    expect(files).toBe(0);
    expect(version).toBe(String(SCHEMA_VERSION));
    expect(warned).toMatch(/read again from their 1 log files at the next start or ingest/);
    // The list lib/ingest/reload.ts reads.
    db = await Database.open(p);
    const kept = await db.withConnection(async (c) => (await c.runAndReadAll('SELECT path FROM reload_files')).getRowsJS());
    db.close();
    expect(kept).toEqual([['/logs/a.json.gz']]);
  });

  it('rebuilds the rollups of a store written before they changed shape, keeping its events', async () => {
    const p = path.join(tempDir(), 'rollups.duckdb');
    const logs = tempDir();
    const KID = '11111111-1111-4111-8111-111111111111';
    writeTrailFile(logs, 'alias', [
      kmsRecord({
        eventName: 'CreateAlias',
        eventTime: '2026-11-01T10:00:00Z',
        requestParameters: { aliasName: 'alias/app', targetKeyId: KID },
        resources: [],
      }),
      kmsRecord({ eventTime: '2026-11-02T10:00:00Z' }),
    ]);
    let db = await Database.open(p);
    await ingestPaths(db, [logs]);
    // As a store of ROLLUPS_VERSION 1 left it: kms_alias_keys without its first/last evidence.
    await db.withConnection(async (c) => {
      await c.run(
        'CREATE OR REPLACE TABLE kms_alias_keys AS SELECT alias_name, key_arn, 0.0 AS last_seq, eventname AS last_event FROM kms_events WHERE alias_name IS NOT NULL',
      );
      await c.run(`DELETE FROM keytrail_meta WHERE k = 'rollups_version'`);
    });
    db.close();
    db = await Database.open(p);
    const [events, aliases, version] = await db.withConnection(async (c) => [
      Number((await c.runAndReadAll('SELECT count(*) FROM kms_events')).getRowsJS()[0][0]),
      (await c.runAndReadAll('SELECT alias_name, CAST(first_seen AS VARCHAR) FROM kms_alias_keys')).getRowsJS(),
      (await c.runAndReadAll(`SELECT v FROM keytrail_meta WHERE k = 'rollups_version'`)).getRowsJS()[0][0],
    ]);
    db.close();
    expect(events).toBe(2);
    expect(aliases).toEqual([['alias/app', '2026-11-01 10:00:00']]);
    expect(version).toBe(String(ROLLUPS_VERSION));
  });

  it('refuses a store written by a newer KeyTrail, naming the setting', async () => {
    const p = path.join(tempDir(), 'newer.duckdb');
    const db = await Database.open(p);
    await db.withConnection((c) => c.run(`UPDATE keytrail_meta SET v = ? WHERE k = 'schema_version'`, [String(SCHEMA_VERSION + 1)]));
    db.close();
    const err = await Database.open(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).message).toMatch(/newer KeyTrail/);
    expect((err as EngineError).detail?.setting).toBe('KEYTRAIL_DB');
  });
});

describe("the store's files", () => {
  it('are readable by their owner only, a store an older KeyTrail left readable by all included', async () => {
    const dbPath = path.join(tempDir(), 'owner.duckdb');
    (await Database.open(dbPath)).close();
    fs.chmodSync(dbPath, 0o644);
    const db = await Database.open(dbPath);
    try {
      expect(fs.statSync(dbPath).mode & 0o777).toBe(0o600);
    } finally {
      db.close();
    }
  });
});
