import fs from 'node:fs';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsRecord, tempDir, writeTrailFile } from '../test/fixtures';

/**
 * The event page's data and GET /api/events/<id> on the local store: the record
 * is read back from its delivery file; the optional time hint never hides an
 * event; a file gone after ingest is a clear 410, not a crash.
 */
const recs = [kmsRecord({ eventTime: '2026-11-20T12:00:00Z' }), kmsRecord({ eventTime: '2026-11-20T12:01:00Z' })];
let file: string;

beforeAll(async () => {
  process.env.KEYTRAIL_DB = path.join(tempDir(), 'raw.duckdb');
  file = writeTrailFile(tempDir(), 'raw', recs);
  const { getStore } = await import('./store');
  const { ingestPaths } = await import('../ingest/ingest');
  await ingestPaths((await getStore()).db!, [file]);
});
afterAll(async () => (await (await import('./store')).getStore()).db!.close());

const get = async (id: string, qs = '') => {
  const { GET } = await import('../../app/api/events/[eventId]/route');
  return GET(new NextRequest(`http://localhost/api/events/${encodeURIComponent(id)}${qs}`), { params: Promise.resolve({ eventId: id }) });
};

describe('raw event', () => {
  it('reads the record back from its file, with or without the time hint, and with a wrong one', async () => {
    const { rawEvent } = await import('./data-events');
    const id = String(recs[1].eventID);
    for (const near of [null, new Date('2026-11-20T12:01:00Z'), new Date('2024-01-01T00:00:00Z')]) {
      const ev = await rawEvent(id, near);
      expect(ev.sourceFile).toBe(path.resolve(file));
      expect(JSON.parse(ev.raw!)).toEqual(recs[1]);
    }
    const res = await get(id, '?t=2026-11-20T12:01:00Z');
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text())).toEqual(recs[1]);
  });

  it('with the time hint, reads a day each side of it: the event is found up to a day away, not beyond', async () => {
    const { getStore } = await import('./store');
    const { runQuery } = await import('../queries/define');
    const Q = await import('../queries/catalog');
    const { engine } = await getStore();
    const id = String(recs[1].eventID);
    const at = Date.parse('2026-11-20T12:01:00Z');
    const rows = async (offsetHours: number) =>
      (await runQuery(engine, Q.eventRaw, { eventId: id, near: new Date(at + offsetHours * 3_600_000) })).rows.length;
    expect(await rows(0)).toBe(1);
    expect(await rows(23)).toBe(1);
    expect(await rows(-23)).toBe(1);
    // 25 hours off: inside the partition window (a day each side of its day) but past the time bound.
    expect(await rows(25)).toBe(0);
    expect(await rows(-25)).toBe(0);
    // rawEvent looks again without the hint, so a link with a far-off time still opens the event.
    const { rawEvent } = await import('./data-events');
    expect((await rawEvent(id, new Date(at + 25 * 3_600_000))).eventId).toBe(id);
  });

  it('answers 400 for a malformed time hint and 404 for an unknown event', async () => {
    expect((await get(String(recs[0].eventID), '?t=yesterday')).status).toBe(400);
    expect((await get('no-such-event')).status).toBe(404);
  });

  it('says the file is gone (410) and still knows the event when its delivery file was removed', async () => {
    const moved = `${file}.moved`;
    fs.renameSync(file, moved);
    try {
      const { rawEvent } = await import('./data-events');
      const ev = await rawEvent(String(recs[0].eventID), null);
      expect(ev.raw).toBeNull();
      expect(ev.principal).toBeTruthy();
      expect(ev.rawProblem?.message).toContain(path.basename(file));
      const res = await get(String(recs[0].eventID));
      expect(res.status).toBe(410);
      expect((await res.json()).error).toMatch(/cannot be read now/);
    } finally {
      fs.renameSync(moved, file);
    }
  });

  it('finds the record again once a moved log folder is ingested from its new place', async () => {
    const { rawEvent } = await import('./data-events');
    const { getStore } = await import('./store');
    const { ingestPaths } = await import('../ingest/ingest');
    const rec = kmsRecord({ eventTime: '2026-11-20T12:02:00Z' });
    const before = tempDir();
    writeTrailFile(before, 'moving', [rec]);
    await ingestPaths((await getStore()).db!, [before]);
    const after = `${before}-moved`;
    fs.renameSync(before, after);
    // Gone from where it was read: the page says so (410) until the new place is ingested.
    expect((await rawEvent(String(rec.eventID), null)).rawProblem?.status).toBe(410);
    await ingestPaths((await getStore()).db!, [after]);
    const ev = await rawEvent(String(rec.eventID), null);
    // The event keeps its first path (re-deliveries are dropped), and its record is read from the new one.
    expect(ev.sourceFile?.startsWith(before + path.sep)).toBe(true);
    expect(ev.rawProblem).toBeNull();
    expect(JSON.parse(ev.raw!)).toEqual(rec);
  });
});
