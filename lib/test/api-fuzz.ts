import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { expect } from 'vitest';
import type { SqlValue } from '../engines/types';

/**
 * The API fuzz harness both engines' fuzz tests share (app/api/fuzz.test.ts,
 * app/api/fuzz-athena.test.ts): the routes and their parameters, hostile
 * values, and an oracle for what the engine must receive.
 *
 * The oracle is independent of the query layer: what each `?` means comes
 * from the "Params (in order)" header of the .sql file (its documented
 * contract), and the expected value of each comes from the request URL, parsed
 * here by the documented rules (ISO dates in UTC, text trimmed, one value per
 * parameter). Only a key's resolution is taken from the engine's own answer to
 * resolve_key, since that is data, not input.
 */

// ---------------------------------------------------------------------------
// The catalog's SQL, and what each `?` binds
// ---------------------------------------------------------------------------

export interface ParamSpec {
  name: string;
  /** The parameter a partition bound is derived from ("the day before `from`"). */
  ref: string | null;
}

export interface QueryFile {
  /** e.g. events/events_page.sql */
  file: string;
  sql: string;
  /** One per `?`, in order. */
  params: ParamSpec[];
}

const QUERIES_DIR = path.resolve(__dirname, '../../queries');

/** `?` placeholders outside comments, string literals and quoted identifiers. */
export function countPlaceholders(sql: string): number {
  const stripped = sql
    .replace(/--[^\n]*/g, '')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""');
  return (stripped.match(/\?/g) ?? []).length;
}

/** The header's "Params (in order)" lines: `--   5,6 key_arn  varchar  …`, `--   11-13 error_code …`. */
export function parseParamHeader(sql: string): ParamSpec[] {
  const lines = sql.split('\n');
  const start = lines.findIndex((l) => /^--\s*Params \(in order\):/.test(l));
  if (start < 0) return [];
  const out: ParamSpec[] = [];
  const refs = new Map<string, string | null>();
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('--') || /^--\s*Rows:/.test(line)) break;
    const m = /^--\s+(\d+(?:[,-]\d+)*)\s+(\S+)(.*)$/.exec(line);
    if (!m) continue; // a description continued on the next line
    const positions = m[1].split(',').flatMap((p) => {
      const [a, b] = p.split('-').map(Number);
      return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
    });
    const name = m[2];
    // "again" lines repeat an earlier parameter: same meaning, same reference.
    const ref = /`(\w+)`/.exec(m[3])?.[1] ?? refs.get(name) ?? null;
    refs.set(name, ref);
    for (const p of positions) out[p - 1] = { name, ref };
  }
  return out;
}

/** Every .sql file in queries/, keyed by its exact text: a statement the engine gets must be one of them, byte for byte. */
export function loadQueryFiles(): Map<string, QueryFile> {
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const out = new Map<string, QueryFile>();
  for (const f of walk(QUERIES_DIR).filter((x) => x.endsWith('.sql'))) {
    const sql = fs.readFileSync(f, 'utf8');
    const params = parseParamHeader(sql);
    const file = path.relative(QUERIES_DIR, f);
    // The header is the oracle's spec: it must describe every placeholder, no more, no less.
    const holes = countPlaceholders(sql);
    if (params.length !== holes || params.some((p) => !p))
      throw new Error(`${file}: its Params header lists ${params.length} parameters for ${holes} placeholders`);
    out.set(sql, { file, sql, params });
  }
  return out;
}

/** A query's short name: events/events_page.sql → events_page. */
export const queryName = (q: QueryFile) => path.basename(q.file, '.sql');

/** A file's closing `LIMIT n`: the one place a statement may differ from its file (see findQuery). */
const TAIL_LIMIT = /\bLIMIT (\d+)\s*$/;

/**
 * The catalog file a statement is, and the LIMIT it ends in when that differs
 * from the file's. Athena cannot bind a LIMIT, so a page size from a closed set
 * may replace the file's closing number; nothing else may differ, byte for byte.
 */
export function findQuery(files: Map<string, QueryFile>, sql: string): { q: QueryFile; limit: number | null } | null {
  const exact = files.get(sql);
  if (exact) return { q: exact, limit: null };
  const n = TAIL_LIMIT.exec(sql);
  if (!n) return null;
  for (const q of files.values())
    if (TAIL_LIMIT.test(q.sql) && q.sql.replace(TAIL_LIMIT, '') === sql.replace(TAIL_LIMIT, '')) return { q, limit: Number(n[1]) };
  return null;
}

// ---------------------------------------------------------------------------
// Routes and hostile values
// ---------------------------------------------------------------------------

export type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RouteSpec {
  name:
    | 'keys'
    | 'timeline'
    | 'principals'
    | 'events'
    | 'events-export'
    | 'event-raw'
    | 'heatmap'
    | 'findings'
    | 'rotation'
    | 'export'
    | 'report-pdf';
  load: () => Promise<{ GET: unknown }>;
  /** The dynamic path segment, if any. */
  path?: 'key' | 'eventId' | 'panel';
  query: string[];
}

const RANGE = ['from', 'to', 'range', 'bucket'];
const EVENT_FILTERS = ['key', 'principal', 'eventName', 'errorCode', 'sourceIp', 'account', 'region', 'errorClass', 'weekday', 'hour'];

/** Every GET route that takes parameters (health has none; the sign-in routes and the ingest hand-off never reach an engine). */
export const ROUTES: RouteSpec[] = [
  { name: 'keys', load: () => import('@/app/api/keys/route'), query: RANGE },
  { name: 'timeline', load: () => import('@/app/api/keys/[key]/timeline/route'), path: 'key', query: RANGE },
  { name: 'principals', load: () => import('@/app/api/keys/[key]/principals/route'), path: 'key', query: [...RANGE, 'limit'] },
  { name: 'events', load: () => import('@/app/api/events/route'), query: [...RANGE, ...EVENT_FILTERS, 'limit', 'cursor'] },
  { name: 'events-export', load: () => import('@/app/api/events/export/route'), query: [...RANGE, ...EVENT_FILTERS, 'format'] },
  { name: 'event-raw', load: () => import('@/app/api/events/[eventId]/route'), path: 'eventId', query: ['t', 'download'] },
  { name: 'heatmap', load: () => import('@/app/api/failures/heatmap/route'), query: [...RANGE, 'key', 'principal'] },
  { name: 'findings', load: () => import('@/app/api/findings/route'), query: [...RANGE, 'key', 'severity', 'rule', 'sort'] },
  { name: 'rotation', load: () => import('@/app/api/rotation/route'), query: RANGE },
  {
    name: 'export',
    load: () => import('@/app/api/export/[panel]/route'),
    path: 'panel',
    query: [...RANGE, 'key', 'principal', 'severity', 'rule', 'format'],
  },
  { name: 'report-pdf', load: () => import('@/app/api/report/pdf/route'), query: RANGE },
];

export const PANEL_IDS = [
  'kpis',
  'keys',
  'top-principals',
  'timeline',
  'principal-keys',
  'recent-events',
  'failures-by-hour',
  'failures-by-principal-key',
  'failures-by-day',
  'findings',
  'rotation',
  'health-sources',
];

/** A cursor as the events API hands it out: base64url JSON of the last row's time and eventID. */
export const cursorOf = (ts: string, id: string) => Buffer.from(JSON.stringify({ ts, id })).toString('base64url');

/** SQL metacharacters, quotes, comments, unicode, control characters and 100 KB strings. */
export const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "' OR 1=1 --",
    "'; DROP TABLE kms_events; --",
    '"\\\'`',
    "x') UNION SELECT raw FROM kms_events --",
    '/* comment */',
    '-- comment',
    '?',
    '$1',
    '%',
    '_',
    '*',
    '\\',
    '\u0000',
    'a\u0000b',
    '\u0007\u001b[2J',
    '\r\n',
    '\u2028',
    '\u202ertl',
    '😀',
    '\ud800',
    'ＳＥＬＥＣＴ',
    'alias/aws/ssm',
    '2023-07-10',
    '2023-07-10T25:99:00Z',
    '-1',
    '1e309',
    'NaN',
    '0x10',
    ' 3 ',
    '9'.repeat(400),
    "'".repeat(600),
    'x'.repeat(1_500),
    'x'.repeat(100_000),
  ),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 32 }),
  fc.string({ maxLength: 64 }),
);

/** Values a parameter accepts, so that hostile text also reaches the engine inside valid requests. */
const VALID: Record<string, string[]> = {
  from: ['2023-07-10', '2023-07-09T12:00:00Z', '2023-07-10 06:30'],
  to: ['2023-07-11', '2023-07-10T18:00:00+02:00', '2023-07-12T00:00'],
  range: ['24h', '7d'],
  bucket: ['hour', 'day', 'auto'],
  key: ['alias/aws/ssm', ' alias/aws/ssm '],
  principal: ['arn:aws:iam::123456789012:root'],
  eventName: ['Decrypt', 'GenerateDataKey'],
  errorCode: ['AccessDenied', 'AccessDenied%', '*'],
  sourceIp: ['203.0.113.10'],
  account: ['123456789012', '000000000000'],
  region: ['us-east-1', 'eu-west-1'],
  errorClass: ['access-denied', 'key-state', 'throttling', 'other'],
  weekday: ['1', '7', ' 3 ', '3.0'],
  hour: ['0', '23', '12'],
  limit: ['25', '50', '10', '1'],
  cursor: [cursorOf('2023-07-10T12:00:00.000Z', "x' OR '1'='1"), cursorOf('2023-07-10T23:59:59.000Z', '😀')],
  severity: ['high', 'low'],
  rule: ['denial-burst', 'new-principal'],
  sort: ['count', 'rule'],
  format: ['csv', 'json'],
  t: ['2023-07-10T12:00:00Z', '2023-07-10T12:00:00.000+02:00'],
  download: [''],
};

const valueFor = (name: string) => fc.oneof(hostile, fc.constantFrom(...(Object.hasOwn(VALID, name) ? VALID[name] : ['x', '1'])));

export interface FuzzRequest {
  route: RouteSpec;
  url: URL;
  pathValue: string | null;
}

/**
 * A request to one route: the base range (a day of the fixture's events), then
 * 0–3 parameters set, or appended (so repeated), to hostile or valid values,
 * and a path segment that is valid or hostile. `eventIds` are real events, for
 * the raw-event route's valid path.
 */
export function requests(eventIds: string[], base = 'from=2023-07-10&to=2023-07-11'): fc.Arbitrary<FuzzRequest> {
  const pathValid: Record<NonNullable<RouteSpec['path']>, string[]> = {
    key: ['alias%2Faws%2Fssm', 'alias/aws/ssm'],
    eventId: eventIds,
    panel: PANEL_IDS,
  };
  const pathHostile = fc.oneof(
    hostile,
    fc.constantFrom('%', '%E0%A4%A', '%zz', '..%2F..%2Fetc%2Fpasswd', encodeURIComponent("' OR 1=1 --")),
  );
  return fc
    .record({
      r: fc.nat({ max: ROUTES.length - 1 }),
      picks: fc.array(fc.nat(), { maxLength: 3 }),
      // Mostly well-formed requests, so that hostile text gets past validation and reaches the engine.
      repeat: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      hostilePath: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
    })
    .chain(({ r, picks, repeat, hostilePath }) => {
      const route = ROUTES[r];
      // Now and then a name no route takes, including ones that are special to JavaScript objects.
      const all = [...route.query, ...route.query, 'key[]', '__proto__', 'constructor'];
      const names = picks.map((i) => all[i % all.length]);
      const pathArb = route.path ? (hostilePath ? pathHostile : fc.constantFrom(...pathValid[route.path])) : fc.constant(null);
      return fc.record({ values: fc.tuple(...names.map(valueFor)), pathValue: pathArb }).map(({ values, pathValue }): FuzzRequest => {
        const url = new URL(`http://localhost/api/fuzz?${base}`);
        names.forEach((n, i) => (repeat ? url.searchParams.append(n, values[i]) : url.searchParams.set(n, values[i])));
        return { route, url, pathValue };
      });
    });
}

/** Calls the route handler as Next.js would. */
export async function call(handlers: Map<string, Handler>, req: FuzzRequest): Promise<Response> {
  const handler = handlers.get(req.route.name)!;
  const params: Record<string, string> = req.route.path && req.pathValue !== null ? { [req.route.path]: req.pathValue } : {};
  return handler(new NextRequest(req.url), { params: Promise.resolve(params) });
}

export async function loadHandlers(): Promise<Map<string, Handler>> {
  const out = new Map<string, Handler>();
  for (const r of ROUTES) out.set(r.name, (await r.load()).GET as Handler);
  return out;
}

// ---------------------------------------------------------------------------
// What the request means, parsed here by the documented rules
// ---------------------------------------------------------------------------

export interface Model {
  /** Some parameter is given more than once: the request must fail before any query. */
  repeated: boolean;
  from: Date | null;
  to: Date | null;
  bucket: 'hour' | 'day' | null;
  keyRef: string | null;
  principal: string | null;
  eventName: string | null;
  errorCode: string | null;
  sourceIp: string | null;
  account: string | null;
  region: string | null;
  errorClass: string | null;
  weekday: number | null;
  hour: number | null;
  limit: number | null;
  cursor: { ts: string; id: string } | null;
  eventId: string | null;
  near: Date | null;
  panel: string | null;
}

/** ISO-8601 as the API documents it: a date, or a date and time; without a zone, UTC. */
export function parseIso(s: string): Date | null {
  const t = s.trim();
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (!m) return null;
  const [, day, time, zone] = m;
  const ms = Date.parse(time ? `${day}T${time}${zone ?? 'Z'}` : `${day}T00:00:00${zone ?? 'Z'}`);
  return Number.isNaN(ms) ? null : new Date(ms);
}

const pathDecoded = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export function model(req: FuzzRequest): Model {
  const sp = req.url.searchParams;
  const repeated = [...new Set(sp.keys())].some((k) => sp.getAll(k).length > 1);
  const one = (k: string) => sp.get(k);
  const text = (k: string) => {
    const v = one(k)?.trim();
    return v ? v : null;
  };
  const from = one('from') === null ? null : parseIso(one('from')!);
  const to = one('to') === null ? null : parseIso(one('to')!);
  const b = one('bucket');
  const bucket = b === 'hour' || b === 'day' ? b : from && to ? (to.getTime() - from.getTime() <= 3 * 86_400_000 ? 'hour' : 'day') : null;
  let cursor: Model['cursor'] = null;
  if (one('cursor') !== null) {
    try {
      cursor = JSON.parse(Buffer.from(one('cursor')!, 'base64url').toString('utf8')) as { ts: string; id: string };
    } catch {
      cursor = null;
    }
  }
  const num = (k: string) => (one(k) === null ? null : Number(one(k)));
  const p = req.route.path;
  return {
    repeated,
    from,
    to,
    bucket,
    keyRef: p === 'key' && req.pathValue !== null ? pathDecoded(req.pathValue) : text('key'),
    principal: text('principal'),
    eventName: text('eventName'),
    errorCode: text('errorCode'),
    sourceIp: text('sourceIp'),
    account: one('account'),
    region: one('region'),
    errorClass: one('errorClass'),
    weekday: num('weekday'),
    hour: num('hour'),
    limit: num('limit'),
    cursor,
    eventId: p === 'eventId' && req.pathValue !== null ? pathDecoded(req.pathValue) : null,
    near: one('t') === null ? null : new Date(one('t')!),
    panel: p === 'panel' ? req.pathValue : null,
  };
}

// ---------------------------------------------------------------------------
// The oracle: is this statement, with these values, what the request means?
// ---------------------------------------------------------------------------

/** One statement as the engine received it (Athena's literals already decoded). */
export interface Sent {
  sql: string;
  values: SqlValue[];
}

export interface OracleContext {
  /** Key ARN the engine resolved each key reference to (from resolve_key's answers). */
  resolved: Map<string, string>;
  /** Documented defaults (.env.example): the tests set none of these. */
  baselineDays: number;
  burstWindowSeconds: number;
  burstThreshold: number;
  gapSeconds: number;
}

export const DEFAULTS = { baselineDays: 14, burstWindowSeconds: 600, burstThreshold: 20, gapSeconds: 24 * 3600 };

const DAY = 86_400_000;
const partitionDay = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');
/** A bound time: an ISO instant, or a partition day 'yyyy/MM/dd'. */
const timeOf = (v: SqlValue): number | null => {
  if (typeof v !== 'string') return null;
  const d = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(v);
  return d ? Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])) : Date.parse(v);
};
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The value each named parameter must have for this request on this route.
 * Route by route, from what each route documents it filters by (docs/api.md).
 */
function expectedByName(
  route: RouteSpec['name'],
  m: Model,
  name: string,
  q: QueryFile,
  ctx: OracleContext,
): { value: SqlValue } | { anyOf: SqlValue[] } | null {
  const keyArn = m.keyRef === null ? null : (ctx.resolved.get(m.keyRef) ?? `(unresolved ${m.keyRef})`);
  const panel = route === 'export' ? m.panel : null;
  const usesPrincipal =
    route === 'events' ||
    route === 'events-export' ||
    route === 'heatmap' ||
    (route === 'export' && ['timeline', 'principal-keys', 'recent-events', 'failures-by-hour'].includes(panel ?? ''));
  const eventsFilters = route === 'events' || route === 'events-export';
  switch (name) {
    case 'key_arn':
      return { value: keyArn };
    case 'principal':
      return { value: usesPrincipal ? m.principal : null };
    case 'event_name':
      return { value: eventsFilters ? m.eventName : null };
    case 'error_code':
      // The principal page lists the principal's failures: its recent-events panel asks for any error.
      if (route === 'export') return { value: panel === 'recent-events' && m.principal && !keyArn ? '*' : null };
      return { value: eventsFilters ? m.errorCode : null };
    case 'source_ip':
      return { value: eventsFilters ? m.sourceIp : null };
    case 'account':
      return { value: eventsFilters ? m.account : null };
    case 'region':
      return { value: eventsFilters ? m.region : null };
    case 'error_class':
      return { value: eventsFilters ? m.errorClass : null };
    case 'weekday':
      return { value: eventsFilters ? m.weekday : null };
    case 'hour':
      return { value: eventsFilters ? m.hour : null };
    case 'cursor_ts':
      return { value: route === 'events' ? (m.cursor?.ts ?? null) : null };
    case 'cursor_id':
      return { value: route === 'events' ? (m.cursor?.id ?? null) : null };
    case 'limit':
      if (queryName(q) === 'failures_by_principal_key') return { value: 200 };
      if (route === 'export') return { value: keyArn ? 25 : 10 };
      return { value: m.limit ?? 10 };
    case 'bucket':
      return { value: m.bucket };
    case 'window_seconds':
      return { value: ctx.burstWindowSeconds };
    case 'threshold':
      return { value: ctx.burstThreshold };
    case 'min_gap_seconds':
      return { value: ctx.gapSeconds };
    case 'ref':
      return { value: m.keyRef };
    case 'key_suffix':
      // A bare key id matches any ARN ending in it; any other reference only matches exactly.
      return m.keyRef !== null && /^(mrk-)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(m.keyRef)
        ? { value: `:key/${m.keyRef}` }
        : { anyOf: [null, m.keyRef === null ? null : `:key/${m.keyRef}`] };
    case 'alias_name': {
      const r = m.keyRef ?? '';
      const i = r.indexOf('alias/');
      // "the alias part of ref, or ref itself": for an alias name or ARN, from "alias/" on.
      return { anyOf: [r, ...(i >= 0 ? [r.slice(i)] : [])] };
    }
    case 'event_id':
      return { value: m.eventId };
    case 'near':
      // The event's time hint, or none: a hint that finds nothing is retried without it.
      return { anyOf: [m.near && !Number.isNaN(m.near.getTime()) ? partitionDay(m.near.getTime()) : null, null] };
    default:
      return null; // times and partitions: checked together, below
  }
}

/** Problems with one statement, or [] when it is exactly what the request means. */
export function checkSent(route: RouteSpec['name'], m: Model, sent: Sent, files: Map<string, QueryFile>, ctx: OracleContext): string[] {
  const found = findQuery(files, sent.sql);
  if (!found) return [`${route}: the engine got SQL that is not a catalog file, unchanged:\n${sent.sql.slice(0, 300)}`];
  const { q } = found;
  const problems: string[] = [];
  const where = `${route} → ${q.file}`;
  if (found.limit !== null) {
    // The events page's LIMIT is the page size plus one (one more row says whether there is a next page).
    const pageSize = route === 'events' ? (m.limit ?? 50) : route === 'export' ? 25 : 1000;
    if (queryName(q) !== 'events_page' || found.limit !== pageSize + 1)
      problems.push(`${where}: LIMIT ${found.limit}, expected ${pageSize + 1}`);
  }
  if (sent.values.length !== q.params.length) return [`${where}: ${sent.values.length} values for ${q.params.length} placeholders`];
  const byName = new Map<string, SqlValue>();
  q.params.forEach((p, i) => {
    if (byName.has(p.name) && !Object.is(byName.get(p.name), sent.values[i]))
      problems.push(`${where}: ${p.name} bound to different values (${String(byName.get(p.name))} and ${String(sent.values[i])})`);
    if (!byName.has(p.name)) byName.set(p.name, sent.values[i]);
  });
  const F = iso(m.from);
  const T = iso(m.to);
  const span = m.from && m.to ? m.to.getTime() - m.from.getTime() : 0;
  for (const [name, v] of byName) {
    const e = expectedByName(route, m, name, q, ctx);
    if (e && 'value' in e && !Object.is(v, e.value))
      problems.push(`${where}: ${name} = ${JSON.stringify(v)}, expected ${JSON.stringify(e.value)}`);
    if (e && 'anyOf' in e && !e.anyOf.some((x) => Object.is(x, v)))
      problems.push(`${where}: ${name} = ${JSON.stringify(v)}, expected one of ${JSON.stringify(e.anyOf)}`);
    if (e) continue;
    if (name === 'partition_from' || name === 'partition_to') {
      const spec = q.params.find((p) => p.name === name)!;
      // No reference named: the event's own day (event_raw's `near`).
      const ref = spec.ref ?? (byName.has('near') ? 'near' : null);
      const at = ref === null ? null : timeOf(byName.get(ref) ?? null);
      const want = at === null ? null : partitionDay(at + (name === 'partition_from' ? -DAY : DAY));
      if (ref === null) problems.push(`${where}: ${name} names no time it is derived from`);
      else if (v !== want)
        problems.push(
          `${where}: ${name} = ${JSON.stringify(v)}, expected the day ${name === 'partition_from' ? 'before' : 'after'} ${ref} (${want})`,
        );
    } else if (!['from', 'to', 'baseline_from'].includes(name)) problems.push(`${where}: the oracle does not know parameter "${name}"`);
  }
  // The time window: the request's, or (usage against the previous period) the one just before it.
  const from = byName.get('from');
  const to = byName.get('to');
  const baseline = byName.get('baseline_from');
  if (baseline !== undefined) {
    const want = m.from ? new Date(m.from.getTime() - ctx.baselineDays * DAY).toISOString() : null;
    if (baseline !== want)
      problems.push(`${where}: baseline_from = ${JSON.stringify(baseline)}, expected ${ctx.baselineDays} days before from (${want})`);
    if (to !== T) problems.push(`${where}: to = ${JSON.stringify(to)}, expected ${T}`);
    if (from !== undefined && from !== F) problems.push(`${where}: from = ${JSON.stringify(from)}, expected ${F}`);
  } else if (from !== undefined || to !== undefined) {
    const windows: [string | null | undefined, string | null][] = [[F, T]];
    if (m.from && route !== 'events' && route !== 'events-export') windows.push([new Date(m.from.getTime() - span).toISOString(), F]);
    const ok = windows.some(([f, t]) => (from === undefined || from === f) && to === t);
    if (!ok) problems.push(`${where}: window ${JSON.stringify([from, to])}, expected ${JSON.stringify(windows)}`);
  }
  return problems;
}

/** Each query a successful answer cannot have done without. */
export function requiredQueries(route: RouteSpec['name']): readonly string[] {
  const required: Record<RouteSpec['name'], readonly string[]> = {
    keys: ['keys_overview'],
    timeline: ['usage_timeline'],
    principals: ['top_principals'],
    events: ['events_page'],
    'events-export': ['events_page'],
    'event-raw': ['event_raw'],
    heatmap: ['failures_by_hour'],
    findings: [],
    rotation: ['key_status', 'keys_overview'],
    export: [],
    'report-pdf': [],
  };
  return required[route];
}

/**
 * Asserts the contract on one answered request: 200 (or the PDF route's 503
 * without Chromium) or a 400 with a message, never anything else; a repeated
 * parameter fails before any query; every statement is a catalog file with
 * exactly the values the request means; a 200 ran what it needed.
 */
export async function expectContract(
  req: FuzzRequest,
  res: Response,
  sent: Sent[],
  files: Map<string, QueryFile>,
  ctx: OracleContext,
): Promise<{ body: string }> {
  const label = `${req.route.name} ${req.pathValue === null ? '' : `[${JSON.stringify(req.pathValue).slice(0, 60)}] `}${req.url.search.slice(0, 300)}`;
  const allowed = req.route.name === 'report-pdf' ? [200, 400, 503] : [200, 400];
  const body = await res.text();
  expect(allowed, `${label} → ${res.status} ${body.slice(0, 300)}`).toContain(res.status);
  if (res.status === 400 || res.status === 503) {
    const msg = (JSON.parse(body) as { error?: unknown }).error;
    expect(typeof msg === 'string' && msg.length > 10, `${label}: a ${res.status} says what is wrong`).toBe(true);
  }
  const m = model(req);
  if (m.repeated) {
    expect(res.status, `${label}: a repeated parameter is refused`).toBe(400);
    expect(sent, `${label}: refused before any query`).toEqual([]);
  }
  const problems = sent.flatMap((s) => checkSent(req.route.name, m, s, files, ctx));
  expect(problems, label).toEqual([]);
  if (res.status === 200) {
    const ran = new Set(sent.map((s) => findQuery(files, s.sql)).flatMap((f) => (f ? [queryName(f.q)] : [])));
    // Findings and key resolutions are shared between requests for a while, so only what each route must run itself.
    for (const q of requiredQueries(req.route.name)) expect(ran.has(q), `${label}: answered without running ${q}`).toBe(true);
    if (m.keyRef !== null && req.route.name !== 'event-raw' && req.route.name !== 'report-pdf')
      expect(ctx.resolved.has(m.keyRef), `${label}: answered for a key that never resolved`).toBe(true);
  }
  return { body };
}
