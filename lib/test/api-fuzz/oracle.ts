import { expect } from 'vitest';
import type { SqlValue } from '../../engines/types';
import { type QueryFile, findQuery, queryName } from './query-files';
import { type FuzzRequest, type RouteSpec } from './routes';
import { type Model, model } from './model';
import { SWEEP_LOOKBACK_DAYS } from '../../findings/rules';

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
  integrityBurstThreshold: number;
  sweepThreshold: number;
  gapSeconds: number;
}

export const DEFAULTS = {
  baselineDays: 14,
  burstWindowSeconds: 600,
  burstThreshold: 20,
  integrityBurstThreshold: 5,
  sweepThreshold: 10,
  gapSeconds: 24 * 3600,
};

const DAY = 86_400_000;
const partitionDay = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');
/** A bound time: an ISO instant, or a partition day 'yyyy/MM/dd'. */
const timeOf = (v: SqlValue): number | null => {
  if (typeof v !== 'string') return null;
  const d = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(v);
  return d ? Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])) : Date.parse(v);
};
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Query parameters (by name) that only the events routes set, and the request field each comes from. */
const EVENTS_ONLY: Partial<
  Record<
    string,
    | 'principalContains'
    | 'accessKeyId'
    | 'context'
    | 'userAgent'
    | 'sourceIp'
    | 'account'
    | 'keyAccount'
    | 'region'
    | 'errorClass'
    | 'weekday'
    | 'hour'
  >
> = {
  principal_contains: 'principalContains',
  access_key: 'accessKeyId',
  context: 'context',
  user_agent: 'userAgent',
  source_ip: 'sourceIp',
  account: 'account',
  key_account: 'keyAccount',
  region: 'region',
  error_class: 'errorClass',
  weekday: 'weekday',
  hour: 'hour',
};

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
    route === 'events-count' ||
    route === 'heatmap' ||
    (route === 'export' &&
      ['timeline', 'principal-keys', 'recent-events', 'failures-by-hour', 'contexts', 'source-ips'].includes(panel ?? ''));
  const eventsFilters = route === 'events' || route === 'events-export' || route === 'events-count';
  // Filters only the events routes take, each straight from the request.
  const eventsOnly = EVENTS_ONLY[name];
  if (eventsOnly) return { value: eventsFilters ? m[eventsOnly] : null };
  switch (name) {
    case 'no_key':
      // TRUE only for noKey=1; absent, NULL (the filter is off).
      return { value: eventsFilters && m.noKey ? true : null };
    case 'no_principal':
      return { value: eventsFilters && m.noPrincipal ? true : null };
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
    case 'cursor_ts':
      return { value: route === 'events' && !m.cursor?.back ? (m.cursor?.ts ?? null) : null };
    case 'cursor_id':
      return { value: route === 'events' && !m.cursor?.back ? (m.cursor?.id ?? null) : null };
    case 'before_ts':
      return { value: route === 'events' && m.cursor?.back ? m.cursor.ts : null };
    case 'before_id':
      return { value: route === 'events' && m.cursor?.back ? m.cursor.id : null };
    case 'limit':
      if (queryName(q) === 'failures_by_principal_key') return { value: 200 };
      // A key page lists 50 encryption contexts; it and the overview list up to 100 principals.
      if (route === 'export')
        return { value: panel === 'contexts' || panel === 'source-ips' ? 50 : panel === 'top-principals' ? 100 : keyArn ? 25 : 10 };
      return { value: m.limit ?? 10 };
    case 'bucket':
      return { value: m.bucket };
    case 'order':
      // Absent: most used first (the only other value, recent, is taken as given; anything else is a 400).
      return { value: m.order ?? 'calls' };
    case 'window_seconds':
      return { value: ctx.burstWindowSeconds };
    case 'burst_class':
      // The findings run failure_burst.sql once per class; the pair with its threshold is checked below.
      return { anyOf: ['access-denied', 'integrity'] };
    case 'threshold':
      return { anyOf: [ctx.burstThreshold, ctx.integrityBurstThreshold] };
    case 'min_items':
      return { value: ctx.sweepThreshold };
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
      // A bare name (no ':' or '/') is looked up as alias/<name>.
      return { anyOf: [r, ...(i >= 0 ? [r.slice(i)] : []), ...(/^[\w-]+$/.test(r) ? [`alias/${r}`] : [])] };
    }
    case 'alias_keys': {
      // An alias ARN's own account and Region: the keys it can name (arn:…:kms:<region>:<account>:key/).
      const scope = /^(arn:[\w-]+:kms:[\w-]+:\d{12}:)alias\//.exec(m.keyRef ?? '')?.[1];
      return { value: scope ? `${scope}key/` : null };
    }
    case 'event_id':
      return { value: m.eventId };
    case 'near':
      // The event's time hint, or none: a hint that finds nothing is retried without it.
      return { anyOf: [m.near && !Number.isNaN(m.near.getTime()) ? partitionDay(m.near.getTime()) : null, null] };
    case 'near_from':
    case 'near_to': {
      // The event's time a day each side, or none (as `near`).
      const at = m.near && !Number.isNaN(m.near.getTime()) ? m.near.getTime() + (name === 'near_from' ? -DAY : DAY) : null;
      return { anyOf: [at === null ? null : new Date(at).toISOString(), null] };
    }
    default:
      return null; // times and partitions: checked together, below
  }
}

/** Problems with one statement, or [] when it is exactly what the request means. */
export function checkSent(route: RouteSpec['name'], model: Model, sent: Sent, files: Map<string, QueryFile>, ctx: OracleContext): string[] {
  const found = findQuery(files, sent.sql);
  if (!found) return [`${route}: the engine got SQL that is not a catalog file, unchanged:\n${sent.sql.slice(0, 300)}`];
  const { q } = found;
  const problems: string[] = [];
  const where = `${route} → ${q.file}`;
  // Only a previous page's cursor reads a page the other way; one that reached the top reads the
  // first page again, as without a cursor.
  const back = route === 'events' && model.cursor?.back === true;
  if (found.reversed && !back) problems.push(`${where}: read the other way (ORDER BY … ASC) without a previous page's cursor`);
  const m = back && !found.reversed ? { ...model, cursor: null } : model;
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
    // partition_from/_to, or a second window's (lookback_partition_from/_to): the day before/after its reference.
    if (/partition_(from|to)$/.test(name)) {
      const spec = q.params.find((p) => p.name === name)!;
      // No reference named: the event's own day (event_raw's `near`).
      const ref = spec.ref ?? (byName.has('near') ? 'near' : null);
      const at = ref === null ? null : timeOf(byName.get(ref) ?? null);
      const before = name.endsWith('partition_from');
      const want = at === null ? null : partitionDay(at + (before ? -DAY : DAY));
      if (ref === null) problems.push(`${where}: ${name} names no time it is derived from`);
      else if (v !== want)
        problems.push(`${where}: ${name} = ${JSON.stringify(v)}, expected the day ${before ? 'before' : 'after'} ${ref} (${want})`);
    } else if (!['from', 'to', 'baseline_from', 'lookback_from'].includes(name))
      problems.push(`${where}: the oracle does not know parameter "${name}"`);
  }
  if (byName.has('burst_class')) {
    const want = byName.get('burst_class') === 'integrity' ? ctx.integrityBurstThreshold : ctx.burstThreshold;
    if (byName.get('threshold') !== want)
      problems.push(
        `${where}: threshold ${String(byName.get('threshold'))} for ${String(byName.get('burst_class'))} bursts, expected ${want}`,
      );
  }
  // The time window: the request's, or (usage against the previous period) the one just before it.
  const from = byName.get('from');
  const to = byName.get('to');
  const baseline = byName.get('baseline_from');
  // The logging-gap rule looks for each source's last event in the baseline before the range.
  if (byName.has('lookback_from')) {
    const want = m.from ? new Date(m.from.getTime() - ctx.baselineDays * DAY).toISOString() : null;
    if (byName.get('lookback_from') !== want)
      problems.push(`${where}: lookback_from = ${String(byName.get('lookback_from'))}, expected ${want}`);
  }
  if (baseline !== undefined) {
    // The secret-sweep rule looks further back for earlier reads (lib/findings/rules.ts).
    const days = queryName(q) === 'secret_sweep' ? Math.max(ctx.baselineDays, SWEEP_LOOKBACK_DAYS) : ctx.baselineDays;
    const want = m.from ? new Date(m.from.getTime() - days * DAY).toISOString() : null;
    if (baseline !== want)
      problems.push(`${where}: baseline_from = ${JSON.stringify(baseline)}, expected ${days} days before from (${want})`);
    if (to !== T) problems.push(`${where}: to = ${JSON.stringify(to)}, expected ${T}`);
    if (from !== undefined && from !== F) problems.push(`${where}: from = ${JSON.stringify(from)}, expected ${F}`);
  } else if (from !== undefined || to !== undefined) {
    const windows: [string | null | undefined, string | null][] = [[F, T]];
    if (m.from && route !== 'events' && route !== 'events-export' && route !== 'events-count')
      windows.push([new Date(m.from.getTime() - span).toISOString(), F]);
    // Whether the logs cover the previous period's start (summary cards): the day before it to a quarter of it in (at most a day).
    if (m.from && queryName(q) === 'daily_counts') {
      const edge = Math.min(DAY, span / 4);
      const start = m.from.getTime() - span;
      windows.push([new Date(start - DAY).toISOString(), new Date(start + edge).toISOString()]);
      // Whether the logs reach the range's own ends (logCoverage): the same at its start, and its last quarter to the day after it.
      if (m.to) {
        windows.push([new Date(m.from.getTime() - DAY).toISOString(), new Date(m.from.getTime() + edge).toISOString()]);
        windows.push([new Date(m.to.getTime() - edge).toISOString(), new Date(m.to.getTime() + DAY).toISOString()]);
      }
    }
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
    contexts: ['encryption_contexts'],
    'source-ips': ['top_source_ips'],
    events: ['events_page'],
    'events-export': ['events_page'],
    'events-count': ['events_count'],
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
  // An eventID in the path that no event has is a missing resource (404), not a bad parameter.
  const allowed = req.route.name === 'report-pdf' ? [200, 400, 503] : req.route.name === 'event-raw' ? [200, 400, 404] : [200, 400];
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
