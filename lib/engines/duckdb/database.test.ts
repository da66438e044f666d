import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../types';
import { tempDir } from '../../test/fixtures';
import { Database } from './database';

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
