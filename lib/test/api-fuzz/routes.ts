import path from 'node:path';
import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { ERROR_CLASSES } from '../../error-classes';

// ---------------------------------------------------------------------------
// Routes and hostile values
// ---------------------------------------------------------------------------

export type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RouteSpec {
  name:
    | 'keys'
    | 'timeline'
    | 'principals'
    | 'contexts'
    | 'source-ips'
    | 'events'
    | 'events-export'
    | 'events-count'
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
const EVENT_FILTERS = [
  'key',
  'noKey',
  'noPrincipal',
  'principal',
  'principalContains',
  'accessKeyId',
  'context',
  'userAgent',
  'eventName',
  'errorCode',
  'sourceIp',
  'account',
  'keyAccount',
  'region',
  'errorClass',
  'weekday',
  'hour',
];

/** Every GET route that takes parameters (health has none; the sign-in routes and the ingest hand-off never reach an engine). */
export const ROUTES: RouteSpec[] = [
  { name: 'keys', load: () => import('@/app/api/keys/route'), query: RANGE },
  { name: 'timeline', load: () => import('@/app/api/keys/[key]/timeline/route'), path: 'key', query: RANGE },
  { name: 'principals', load: () => import('@/app/api/keys/[key]/principals/route'), path: 'key', query: [...RANGE, 'limit'] },
  { name: 'contexts', load: () => import('@/app/api/keys/[key]/contexts/route'), path: 'key', query: [...RANGE, 'limit', 'order'] },
  { name: 'source-ips', load: () => import('@/app/api/keys/[key]/source-ips/route'), path: 'key', query: [...RANGE, 'limit'] },
  { name: 'events', load: () => import('@/app/api/events/route'), query: [...RANGE, ...EVENT_FILTERS, 'limit', 'cursor'] },
  { name: 'events-count', load: () => import('@/app/api/events/count/route'), query: [...RANGE, ...EVENT_FILTERS] },
  { name: 'events-export', load: () => import('@/app/api/events/export/route'), query: [...RANGE, ...EVENT_FILTERS, 'format'] },
  { name: 'event-raw', load: () => import('@/app/api/events/[eventId]/route'), path: 'eventId', query: ['t', 'download'] },
  { name: 'heatmap', load: () => import('@/app/api/failures/heatmap/route'), query: [...RANGE, 'key', 'principal'] },
  { name: 'findings', load: () => import('@/app/api/findings/route'), query: [...RANGE, 'key', 'principal', 'severity', 'rule', 'sort'] },
  { name: 'rotation', load: () => import('@/app/api/rotation/route'), query: RANGE },
  {
    name: 'export',
    load: () => import('@/app/api/export/[panel]/route'),
    path: 'panel',
    query: [...RANGE, 'key', 'principal', 'severity', 'rule', 'contextsOrder', 'format'],
  },
  { name: 'report-pdf', load: () => import('@/app/api/report/pdf/route'), query: RANGE },
];

export const PANEL_IDS = [
  'kpis',
  'keys',
  'top-principals',
  'contexts',
  'source-ips',
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

/** A cursor as the events API hands it out: base64url JSON of a row's time and eventID (`back`: a previous page's). */
export const cursorOf = (ts: string, id: string, back = false) =>
  Buffer.from(JSON.stringify({ ts, id, ...(back ? { b: 1 } : {}) })).toString('base64url');

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
  principalContains: ['role/Admin', '%_'],
  accessKeyId: ['ASIATFQR7NSC4TIW5GWC', ' AKIAIOSFODNN7EXAMPLE '],
  context: ['"PARAMETER_ARN":"arn:aws:ssm:', 'secret:stratus-red-team'],
  userAgent: ['aws-cli', ' AWS Internal ', 'aws-sdk-java/1.11.1030 Linux/4.14'],
  eventName: ['Decrypt', 'GenerateDataKey'],
  errorCode: ['AccessDenied', 'AccessDenied%', '*'],
  sourceIp: ['203.0.113.10'],
  account: ['123456789012', '000000000000'],
  keyAccount: ['123456789012', '111122223333'],
  region: ['us-east-1', 'eu-west-1'],
  errorClass: [...ERROR_CLASSES],
  weekday: ['1', '7', ' 3 ', '3.0'],
  hour: ['0', '23', '12'],
  noKey: ['1'],
  noPrincipal: ['1'],
  limit: ['25', '50', '10', '1'],
  cursor: [
    cursorOf('2023-07-10T12:00:00.000Z', "x' OR '1'='1"),
    cursorOf('2023-07-10T23:59:59.000Z', '😀'),
    cursorOf('2023-07-10T12:00:00.000Z', "x' OR '1'='1", true),
    cursorOf('2023-07-10T00:00:01.000Z', 'a', true),
  ],
  severity: ['high', 'low'],
  rule: ['denial-burst', 'integrity-burst', 'new-principal'],
  sort: ['count', 'rule'],
  order: ['calls', 'recent'],
  contextsOrder: ['calls', 'recent'],
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
