import { createHash } from 'node:crypto';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSql } from '@/lib/queries/sql-files';
import { kmsRecord, readAllRecords, REAL_LOGS, tempDir, writeTrailFile } from '@/lib/test/fixtures';
import { isProvenanceLine } from '../../lib/export/csv';

/** Exports parsed back: rows equal the API's, provenance is present and true, CSV injection is neutralised. */
const HOSTILE = path.resolve(__dirname, '../../e2e/fixtures/hostile');
const LIFE_KEY = 'arn:aws:kms:us-east-1:111122223333:key/5f5f5f5f-1111-4222-8333-444455556666';
const DEL_KEY = 'arn:aws:kms:us-east-1:111122223333:key/5f5f5f5f-2222-4222-8333-444455556666';
let exportPanel: typeof import('./export/[panel]/route');
let exportEvents: typeof import('./events/export/route');
let keysApi: typeof import('./keys/route');

beforeAll(async () => {
  process.env.KEYTRAIL_DB = path.join(tempDir(), 'export.duckdb');
  const { getStore } = await import('@/lib/server/store');
  const { ingestPaths } = await import('@/lib/ingest/ingest');
  // One key's lifecycle (the lifecycle export), in 2026: outside the day the other tests read.
  const life = tempDir();
  const res = [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: LIFE_KEY }];
  writeTrailFile(life, 'life', [
    kmsRecord({ eventName: 'CreateKey', eventTime: '2026-11-20T10:00:00Z', requestParameters: {}, resources: res }),
    kmsRecord({
      eventName: 'EnableKeyRotation',
      eventTime: '2026-11-20T11:00:00Z',
      requestParameters: { keyId: LIFE_KEY },
      resources: res,
    }),
    kmsRecord({
      eventName: 'TagResource',
      eventTime: '2026-11-20T12:00:00Z',
      requestParameters: { keyId: LIFE_KEY, tags: [{ tagKey: 'env', tagValue: 'prod' }] },
      resources: res,
    }),
    kmsRecord({ eventTime: '2026-11-20T13:00:00Z', resources: res }), // a Decrypt: no lifecycle change
    // Another key scheduled for deletion: CloudTrail writes its date as text without a zone (UTC).
    kmsRecord({
      eventName: 'ScheduleKeyDeletion',
      eventTime: '2026-11-20T14:00:00Z',
      requestParameters: { keyId: DEL_KEY, pendingWindowInDays: 20 },
      responseElements: { keyId: DEL_KEY, deletionDate: 'Dec 10, 2026, 2:00:00 PM', keyState: 'PendingDeletion' },
      resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: DEL_KEY }],
    }),
  ]);
  await ingestPaths((await getStore()).db!, [REAL_LOGS, HOSTILE, life]);
  exportPanel = await import('./export/[panel]/route');
  exportEvents = await import('./events/export/route');
  keysApi = await import('./keys/route');
});
afterAll(async () => (await (await import('@/lib/server/store')).getStore()).db!.close());

const req = (url: string) => new NextRequest(new URL(url, 'http://localhost'));
const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
const DAY = 'from=2023-07-10&to=2023-07-11';

/** A minimal RFC 4180 reader, enough to parse our own output back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') (row.push(cell), (cell = ''));
    else if (c === '\r') continue;
    else if (c === '\n') (row.push(cell), rows.push(row), (row = []), (cell = ''));
    else cell += c;
  }
  return rows;
}

describe('panel exports', () => {
  it('CSV rows equal the API rows, after # provenance lines', async () => {
    const api = (await (await keysApi.GET(req(`/api/keys?${DAY}`), ctx({}))).json()) as { keys: { keyArn: string; calls: number }[] };
    const res = await exportPanel.GET(req(`/api/export/keys?${DAY}&format=csv`), ctx({ panel: 'keys' }));
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="keytrail-keys-.*\.csv"/);
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('# title: Keys');
    expect(text).toContain('# engine: duckdb');
    expect(text).toContain('# query 1: keys_overview');
    const table = parseCsv(lines.filter((l) => !isProvenanceLine(l)).join('\n'));
    const header = table[0];
    const rows = table.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    expect(rows.map((r) => [r.keyArn, Number(r.calls)])).toEqual(api.keys.map((k) => [k.keyArn, k.calls]));
  });

  it('JSON carries a true provenance: the exact SQL, its parameters, the range, the version', async () => {
    const res = await exportPanel.GET(
      req(`/api/export/timeline?${DAY}&bucket=hour&key=alias/aws/ssm&format=json`),
      ctx({ panel: 'timeline' }),
    );
    const body = (await res.json()) as {
      meta: {
        title: string;
        range: { from: string; to: string };
        queries: { name: string; sql: string; sqlSha256: string; parameters: unknown[] }[];
        keytrailVersion: string;
        generatedAt: string;
        filters: Record<string, string>;
      };
      rows: { t: string; count: number }[];
    };
    expect(body.meta.range).toEqual({ from: '2023-07-10T00:00:00.000Z', to: '2023-07-11T00:00:00.000Z', timezone: 'UTC' });
    expect(body.meta.filters).toEqual({ key: 'alias/aws/ssm' });
    const tl = body.meta.queries.find((q) => q.name === 'usage_timeline')!;
    expect(tl.sql).toBe(readSql('usage/usage_timeline.sql'));
    // The hash an image's footer shortens is of exactly that text.
    expect(tl.sqlSha256).toBe(createHash('sha256').update(readSql('usage/usage_timeline.sql')).digest('hex'));
    const key = 'arn:aws:kms:us-east-1:123837392027:key/0e5d0ab6-097e-49d8-99ef-747ce3e5f8f4';
    const window = ['2023/07/09', '2023/07/12', '2023-07-10T00:00:00.000Z', '2023-07-11T00:00:00.000Z'];
    // The key's calls, then ReEncrypts into it: the SQL's two branches.
    expect(tl.parameters).toEqual(['hour', ...window, key, key, null, null, ...window, key, null, null]);
    expect(body.meta.keytrailVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(Date.parse(body.meta.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(body.rows).toHaveLength(24);
  });

  it('a list cut by its limit says how much of it there is, and every export says what data it is', async () => {
    const res = await exportPanel.GET(req(`/api/export/top-principals?${DAY}&format=json`), ctx({ panel: 'top-principals' }));
    const body = (await res.json()) as {
      meta: { listed: { rows: number; inAll: number; what: string }; source: string };
      columns: string[];
      rows: Record<string, unknown>[];
    };
    // The day's principals, counted from the fixture's records: none past the limit of 100.
    const day = [REAL_LOGS, HOSTILE]
      .flatMap((d) => readAllRecords(d).map((x) => x.record))
      .filter((r) => r.eventSource === 'kms.amazonaws.com' && String(r.eventTime).startsWith('2023-07-10'));
    expect(body.rows.length).toBeGreaterThan(0);
    expect(body.meta.listed).toEqual({ rows: body.rows.length, inAll: body.rows.length, what: 'principals' });
    expect(body.rows.reduce((n, r) => n + Number(r.calls), 0)).toBe(day.length);
    // The count of all rows is said once, not in each row.
    expect(body.columns).not.toContain('principalsInAll');
    expect(body.rows.some((r) => 'principalsInAll' in r)).toBe(false);
    expect(body.meta.source).toBe('CloudTrail logs in the embedded store');
    const csv = await (await exportPanel.GET(req(`/api/export/top-principals?${DAY}`), ctx({ panel: 'top-principals' }))).text();
    expect(csv).toContain(`# listed: all ${body.rows.length} principals\r\n`);
    expect(csv).toContain('# source: CloudTrail logs in the embedded store\r\n');
  });

  it("the keys export holds the rows the table's filter shows, and says so; other panels ignore it", async () => {
    const all = (await (await keysApi.GET(req(`/api/keys?${DAY}`), ctx({}))).json()) as {
      keys: { keyArn: string; aliases: string | null }[];
    };
    // A plain filter over the API's rows: text in the ARN or an alias.
    const expected = all.keys.filter((k) => `${k.keyArn} ${k.aliases ?? ''}`.toLowerCase().includes('ssm')).map((k) => k.keyArn);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.keys.length);
    const res = await exportPanel.GET(req(`/api/export/keys?${DAY}&kq=SSM&format=json`), ctx({ panel: 'keys' }));
    const body = (await res.json()) as { meta: { filters: Record<string, string> }; rows: { keyArn: string }[] };
    expect(body.rows.map((r) => r.keyArn)).toEqual(expected);
    expect(body.meta.filters).toEqual({ keyFilter: 'SSM' });
    const tl = await exportPanel.GET(req(`/api/export/timeline?${DAY}&kq=SSM&format=json`), ctx({ panel: 'timeline' }));
    expect(((await tl.json()) as { meta: { filters: Record<string, string> } }).meta.filters).toEqual({});
  });

  it("the lifecycle export is one key's changes up to the range's end, as the key page lists them; without a key, a 400", async () => {
    const url = `/api/export/lifecycle?from=2026-11-20&to=2026-11-21&key=${encodeURIComponent(LIFE_KEY)}&format=json`;
    const res = await exportPanel.GET(req(url), ctx({ panel: 'lifecycle' }));
    // Named for its key, so several exports can be told apart in a folder.
    expect(res.headers.get('content-disposition')).toMatch(/filename="keytrail-lifecycle-5f5f5f5f-1111-4222-8333-444455556666-.*\.json"/);
    const body = (await res.json()) as {
      meta: { title: string };
      rows: { eventName: string; detail: string | null }[];
    };
    expect(body.rows.map((r) => [r.eventName, r.detail])).toEqual([
      ['CreateKey', null],
      ['EnableKeyRotation', null],
      ['TagResource', '[{"tagKey":"env","tagValue":"prod"}]'],
    ]);
    expect(body.meta.title).toContain(LIFE_KEY);
    const none = await exportPanel.GET(req('/api/export/lifecycle?from=2026-11-20&to=2026-11-21'), ctx({ panel: 'lifecycle' }));
    expect(none.status).toBe(400);
    expect(((await none.json()) as { error: string }).error).toMatch(/one key/);
  });

  it('exports a pending deletion’s date as an ISO instant in UTC, as the pages show it', async () => {
    for (const panel of ['rotation', 'keys']) {
      const res = await exportPanel.GET(req(`/api/export/${panel}?from=2026-11-20&to=2026-11-21&format=json`), ctx({ panel }));
      const rows = (await res.json()).rows as { keyArn: string; deletionDate: string | null }[];
      expect([panel, rows.find((r) => r.keyArn === DEL_KEY)?.deletionDate]).toEqual([panel, '2026-12-10T14:00:00.000Z']);
    }
  });

  it('answers 400 for an unknown panel or format', async () => {
    expect((await exportPanel.GET(req(`/api/export/nope?${DAY}`), ctx({ panel: 'nope' }))).status).toBe(400);
    expect((await exportPanel.GET(req(`/api/export/keys?${DAY}&format=xlsx`), ctx({ panel: 'keys' }))).status).toBe(400);
  });
});

describe('events export', () => {
  it('streams every matching event, not just a page', async () => {
    const expected = readAllRecords(REAL_LOGS).filter(
      (r) => r.record.eventSource === 'kms.amazonaws.com' && String(r.record.eventTime).startsWith('2023-07-10'),
    );
    const res = await exportEvents.GET(req(`/api/events/export?${DAY}&format=json`));
    const body = (await res.json()) as { meta: { title: string; paging: string }; events: { eventId: string }[] };
    expect(body.meta.title).toBe('Events');
    // The query listed is the first page's: the provenance says the export runs it page after page.
    expect(body.meta.paging).toContain('page after page');
    expect(new Set(body.events.map((e) => e.eventId))).toEqual(new Set(expected.map((r) => r.record.eventID)));
    expect(body.events).toHaveLength(expected.length);
  });

  it('exports the events that name no key (noKey=1), and says which filters narrowed it', async () => {
    // Plain JS over the fixture: no key ARN or id anywhere the derivation documents one.
    type R = {
      eventSource?: string;
      resources?: { type?: string }[];
      requestParameters?: Record<string, unknown> | null;
      responseElements?: { keyMetadata?: unknown } | null;
      errorMessage?: string;
      eventID?: string;
    };
    const namesNoKey = (r: R) =>
      !r.resources?.some((x) => x.type === 'AWS::KMS::Key') &&
      !r.requestParameters?.keyId &&
      !r.requestParameters?.targetKeyId &&
      !r.responseElements?.keyMetadata &&
      !/arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\//.test(r.errorMessage ?? '');
    const all = readAllRecords(REAL_LOGS)
      .map((x) => x.record as R & { eventTime: string })
      .filter((r) => r.eventSource === 'kms.amazonaws.com' && r.eventTime >= '2024-08-01' && r.eventTime < '2025-03-01');
    const expected = all.filter(namesNoKey).map((r) => r.eventID);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    const res = await exportEvents.GET(req('/api/events/export?from=2024-08-01&to=2025-03-01&noKey=1&format=json'));
    const body = (await res.json()) as { meta: { filters: Record<string, string> }; events: { eventId: string; keyArn: string | null }[] };
    expect(body.events.map((e) => e.eventId).sort()).toEqual([...expected].sort());
    expect(body.events.every((e) => e.keyArn === null)).toBe(true);
    expect(body.meta.filters).toEqual({ noKey: 'only events that name no key' });
    // With a key as well, nothing could match: a clear 400, not an empty list.
    const both = await exportEvents.GET(req('/api/events/export?from=2024-08-01&to=2025-03-01&noKey=1&key=alias/aws/ssm&format=json'));
    expect(both.status).toBe(400);
    expect(((await both.json()) as { error: string }).error).toMatch(/"key" and "noKey"/);
    // A heatmap cell's drill-down: its weekday, hour and error class are in the provenance too.
    const cell = await exportEvents.GET(
      req('/api/events/export?from=2024-08-01&to=2025-03-01&errorClass=access-denied&weekday=1&hour=13&format=json'),
    );
    expect(((await cell.json()) as { meta: { filters: Record<string, string> } }).meta.filters).toEqual({
      errorClass: 'access-denied',
      weekday: '1',
      hour: '13',
    });
  });

  it('neutralises spreadsheet formulas written by callers', async () => {
    const res = await exportEvents.GET(req('/api/events/export?from=2026-01-15&to=2026-01-16&format=csv'));
    const text = await res.text();
    const rows = parseCsv(
      text
        .split('\r\n')
        .filter((l) => !isProvenanceLine(l))
        .join('\n'),
    );
    const cells = rows.flat();
    expect(cells).toContain('\'+SUM(1+1)*cmd|" /C calc"!A0');
    expect(cells).toContain("'@evil");
    for (const c of cells) expect(/^[=+\-@]/.test(c)).toBe(false);
  });
});
