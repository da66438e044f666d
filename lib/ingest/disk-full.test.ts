import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../engines/duckdb/database';
import { generateSampleTrail } from '../sample/generate';
import { countedKmsEventIds, readAllRecords, tempDir, writeTrailFile } from '../test/fixtures';

/**
 * The disk filling up during `npm run ingest`. Without root there is no small
 * disk to mount, so the child runs under a file-size limit (`ulimit -f`): past
 * it, every write fails with EFBIG, exactly where a full disk fails with
 * ENOSPC (SIGXFSZ is ignored, so the write fails instead of killing the
 * process). Only the CLI and the database file are used, so the test holds
 * whatever the ingest does inside.
 */
const ROOT = path.resolve(__dirname, '../..');

// Children still running when a test fails are stopped, by their own pid (exec keeps bash's).
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const c of running) c.kill('SIGKILL');
  running.clear();
});

interface Run {
  code: number | null;
  output: string;
}

// `node --import tsx`, as in kill.test.ts: the child is the ingest itself, so the limit applies to its writes.
function runIngest(db: string, logs: string, limitKb?: number): Promise<Run> {
  const node = `exec "${process.execPath}" --import tsx scripts/ingest.ts "${logs}"`;
  const script = limitKb === undefined ? node : `trap '' XFSZ; ulimit -f ${limitKb}; ${node}`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      cwd: ROOT,
      env: { ...process.env, KEYTRAIL_DB: db },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      running.delete(child);
      resolve({ code, output });
    });
  });
}

const kmsIds = (...dirs: string[]) => countedKmsEventIds(dirs.flatMap((d) => readAllRecords(d).map((r) => r.record)));

async function storedIds(db: string): Promise<{ total: number; ids: Set<string> }> {
  const store = await Database.open(db);
  try {
    const rows = await store.withConnection(async (c) => (await c.runAndReadAll('SELECT eventid FROM kms_events')).getRowsJS());
    return { total: rows.length, ids: new Set(rows.map((r) => String(r[0]))) };
  } finally {
    store.close();
  }
}

describe('the disk filling up during an ingest', () => {
  it('fails with one clear line, keeps every stored event, and a re-run stores each event once', async () => {
    const now = new Date('2026-11-28T00:00:00Z');
    const small = tempDir();
    await generateSampleTrail({ outDir: small, now, events: 1_000 });
    // The big trail, regrouped into a few large files: when a batch fails, the ingest may retry it
    // file by file, and with the generator's ~1,400 small files that alone takes over a minute.
    const generated = tempDir();
    await generateSampleTrail({ outDir: generated, now, days: 1, events: 20_000, seed: 7 });
    const records = readAllRecords(generated).map((r) => r.record);
    const big = tempDir();
    for (let i = 0; i * 1_000 < records.length; i++) writeTrailFile(big, `part${i}`, records.slice(i * 1_000, (i + 1) * 1_000));
    const before = kmsIds(small);
    const all = kmsIds(small, big);
    // The big trail must bring events the store does not hold yet, or the limit is never reached.
    expect(all.size - before.size).toBeGreaterThan(10_000);

    const db = path.join(tempDir(), 'full.duckdb');
    const first = await runIngest(db, small);
    expect(first.code, first.output).toBe(0);

    // Room for 64 KB more than the store holds now: far less than the big trail needs.
    const limitKb = Math.ceil(fs.statSync(db).size / 1024) + 64;
    const full = await runIngest(db, big, limitKb);
    expect(full.code, full.output).not.toBe(0);
    const lines = full.output.split(/\r?\n|\r/).filter((l) => l.trim());
    const message = lines.filter((l) => /disk is full/i.test(l));
    expect(message, full.output).toHaveLength(1);
    expect(message[0]).toMatch(/file-size limit/);
    expect(message[0]).toContain(db);
    expect(message[0]).toMatch(/free space and run the ingest again/);
    // No stack trace, and none of DuckDB's internal wording.
    expect(full.output).not.toMatch(/^\s+at /m);
    expect(full.output).not.toMatch(/FATAL|invalidated/);

    // Without the limit: the store opens, and everything stored before is still there, once.
    const after = await storedIds(db);
    for (const id of before) expect(after.ids.has(id), `event ${id} lost`).toBe(true);
    expect(after.ids.size).toBe(after.total);

    const rerun = await runIngest(db, big);
    expect(rerun.code, rerun.output).toBe(0);
    const end = await storedIds(db);
    expect(end.total).toBe(all.size);
    expect(end.ids).toEqual(all);
  }, 120_000);
});
