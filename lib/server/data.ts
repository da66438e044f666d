import 'server-only';
import type { RunOptions } from '../engines/types';
import * as Q from '../queries/catalog';
import { runQuery } from '../queries/define';
import type { ResolvedRange } from '../search-params';
import { BUCKET_MS, bucketStarts } from '../time';
import { getStore } from './store';
import { NO_KEY_NAMES, readKeyNames, type KeyNames } from '../key-names';
import { rotationShown } from '../aws-managed-key';
import { FULL_COVERAGE, NOTHING_LOGGED, type LogCoverage, type NoPrevious } from '../log-coverage';

/**
 * What pages and API routes ask for. Each function runs catalog queries on the
 * configured engine and shapes the rows; nothing here builds SQL.
 */
/**
 * Something asked for is not in the store. A key named in a parameter is a bad parameter (400, the
 * API's contract); a resource named by the path itself (an eventID) is missing (404).
 */
export class NotFoundError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
  }
}

const engine = async () => (await getStore()).engine;

export async function listKeys(r: ResolvedRange, opts?: RunOptions) {
  return runQuery(await engine(), Q.keysOverview, { from: r.from, to: r.to }, opts);
}

/** Keys with their state badges (rotation, disabled, pending deletion or import, deleted) from the logs. */
export async function listKeysWithStatus(r: ResolvedRange, opts?: RunOptions) {
  const [keys, status] = await Promise.all([listKeys(r, opts), runQuery(await engine(), Q.keyStatus, { to: r.to }, opts)]);
  const byKey = new Map(status.rows.map((s) => [s.keyArn, s]));
  return keys.rows.map((k) => {
    const s = byKey.get(k.keyArn);
    return {
      ...k,
      // An AWS managed key (alias/aws/…) always rotates, with no setting in the logs to say so.
      rotationEnabled: rotationShown(s, k.alias).rotationEnabled,
      disabled: s?.disabled ?? false,
      pendingDeletion: s?.pendingDeletion ?? false,
      deletionDate: s?.deletionDate ?? null,
      pendingImport: s?.pendingImport ?? false,
      deleted: s?.deleted ?? false,
      deletedAt: s?.deletedAt ?? null,
    };
  });
}

/**
 * Resolutions found are remembered for a minute (a key's ARN does not change;
 * an alias may be retargeted, hence the expiry). Misses are never cached, so a
 * key that arrives with the next ingest resolves at once.
 */
const resolved = new Map<string, { keyArn: string; matches: string[]; at: number }>();
const RESOLVE_TTL_MS = 60_000;

/**
 * A key id, key ARN, alias name or alias ARN → the key's ARN, and every key the reference matches.
 * A bare multi-Region key id (its replicas) or an alias name used in several Regions or accounts
 * (or moved between keys) can match several: the most recently seen is chosen, a tie by ARN, and
 * `matches` lists them all (in that order) so a page can say so.
 */
export async function resolveKeyMatches(ref: string, opts?: RunOptions): Promise<{ keyArn: string; matches: string[] }> {
  const hit = resolved.get(ref);
  if (hit && Date.now() - hit.at < RESOLVE_TTL_MS) return { keyArn: hit.keyArn, matches: hit.matches };
  let res = await runQuery(await engine(), Q.resolveKey, { ref }, opts);
  // The rollups are rebuilt when an ingest ends: a key whose first events are still loading is only in the events.
  if (!res.rows.length) res = await runQuery(await engine(), Q.resolveKeyInEvents, { ref }, opts);
  if (!res.rows.length) throw new NotFoundError(`No key matches "${ref}" in the logs. Give a key id, key ARN or alias.`);
  if (resolved.size > 10_000) resolved.clear();
  const found = { keyArn: res.rows[0].keyArn, matches: res.rows.map((r) => r.keyArn) };
  resolved.set(ref, { ...found, at: Date.now() });
  return found;
}

/** A key id, key ARN, alias name or alias ARN → the key's ARN (the most recently seen, if several). */
export async function resolveKeyRef(ref: string, opts?: RunOptions): Promise<string> {
  return (await resolveKeyMatches(ref, opts)).keyArn;
}

export interface TimelinePoint {
  t: string;
  count: number;
  errors: number;
  byEventName: Record<string, number>;
}

/** Calls per bucket and operation (for a key, a principal, or all), zero-filled over the whole range. */
export async function usageTimeline(f: { keyArn?: string | null; principal?: string | null }, r: ResolvedRange, opts?: RunOptions) {
  const res = await runQuery(
    await engine(),
    Q.usageTimeline,
    { keyArn: f.keyArn ?? null, principal: f.principal ?? null, from: r.from, to: r.to, bucket: r.bucket },
    opts,
  );
  const points = new Map<number, TimelinePoint>();
  for (const t of bucketStarts(r.from.getTime(), r.to.getTime(), r.bucket))
    points.set(t, { t: new Date(t).toISOString(), count: 0, errors: 0, byEventName: {} });
  const eventNames = new Map<string, number>();
  for (const row of res.rows) {
    const p = points.get(Date.parse(row.t));
    if (!p) continue; // outside the requested buckets (cannot happen with a consistent range)
    p.count += row.count;
    p.errors += row.errors;
    p.byEventName[row.eventName] = (p.byEventName[row.eventName] ?? 0) + row.count;
    eventNames.set(row.eventName, (eventNames.get(row.eventName) ?? 0) + row.count);
  }
  // Busiest operation first, so it sits at the base of the stack.
  const names = [...eventNames.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n]) => n);
  return { points: [...points.values()], eventNames: names, query: res.query, stats: res.stats };
}

/**
 * How many principals the overview and a key page fetch (the top_principals limit's most) and their
 * exports hold: the busiest few show at first, the rest on request, so the one odd caller further
 * down (often what a finding is about) is a click away, not missing.
 */
export const PRINCIPALS_LISTED = 100;

export async function topPrincipals(keyArn: string | null, r: ResolvedRange, limit: number, opts?: RunOptions) {
  return runQuery(await engine(), Q.topPrincipals, { keyArn, from: r.from, to: r.to, limit }, opts);
}

/** How many source addresses a key or principal page fetches (10 show at first, the rest on request) and its export holds. */
export const SOURCES_LISTED = 50;

/** Where a key's or a principal's calls came from (queries/principals/top_source_ips.sql). */
export async function topSourceIps(
  f: { keyArn?: string | null; principal?: string | null },
  r: ResolvedRange,
  limit: number = SOURCES_LISTED,
  opts?: RunOptions,
) {
  const p = { keyArn: f.keyArn ?? null, principal: f.principal ?? null, from: r.from, to: r.to, limit };
  return runQuery(await engine(), Q.topSourceIps, p, opts);
}

/** How many encryption contexts a key or principal page lists (10 at first, the rest on request) and its export holds. */
export const CONTEXTS_SHOWN = 50;

/** What a key's (or a principal's) calls protected: their encryption contexts, most-used (or last seen) first, with the range's totals on each row. */
export async function encryptionContexts(
  f: { keyArn?: string | null; principal?: string | null; order?: Q.ContextOrder },
  r: ResolvedRange,
  limit = CONTEXTS_SHOWN,
  opts?: RunOptions,
) {
  const params = { keyArn: f.keyArn ?? null, principal: f.principal ?? null, order: f.order ?? 'calls', from: r.from, to: r.to, limit };
  return runQuery(await engine(), Q.encryptionContexts, params, opts);
}

export async function keysOfPrincipal(principal: string, r: ResolvedRange, opts?: RunOptions) {
  return runQuery(await engine(), Q.principalKeys, { principal, from: r.from, to: r.to }, opts);
}

/** A principal's calls over all the logs (count, first, last), for a page whose range holds none. */
export async function principalSeen(principal: string, opts?: RunOptions) {
  const res = await runQuery(await engine(), Q.principalSeen, { principal }, opts);
  return res.rows[0] ?? { calls: 0, firstSeen: null, lastSeen: null, sessionOf: null };
}

/** A key's events over all the logs (count, first, last), for a key page whose range holds none. */
export async function keySeen(keyArn: string, opts?: RunOptions) {
  return (await runQuery(await engine(), Q.keySeen, { keyArn }, opts)).rows[0] ?? null;
}

/** Principals found, and what their calls are filed under, remembered for a minute like key references above; misses are never cached. */
const knownPrincipals = new Map<string, { at: number; filedUnder: string }>();

/**
 * What the logs file a principal's calls under: itself, or for a role session's ARN its role (the
 * first match's, principal_exists.sql); null when the logs never name it. A principal page asks
 * before it renders, so one the logs never name answers 404, and a session's page names its role.
 */
export async function principalFiledUnder(principal: string, opts?: RunOptions): Promise<string | null> {
  const hit = knownPrincipals.get(principal);
  if (hit && Date.now() - hit.at < RESOLVE_TTL_MS) return hit.filedUnder;
  const filedUnder = (await runQuery(await engine(), Q.principalExists, { principal }, opts)).rows[0]?.principal ?? null;
  if (filedUnder) {
    if (knownPrincipals.size > 10_000) knownPrincipals.clear();
    knownPrincipals.set(principal, { at: Date.now(), filedUnder });
  }
  return filedUnder;
}

/** Whether the logs name a principal at all: its own calls, or (a session ARN) calls under its role. */
export async function principalKnown(principal: string, opts?: RunOptions): Promise<boolean> {
  return (await principalFiledUnder(principal, opts)) !== null;
}

/**
 * The principals a short name may mean (`AppServerRole` → role/AppServerRole in each account that
 * has one), busiest first: a principal page asked for by a name the logs never use as a principal.
 */
export async function principalsNamed(name: string, opts?: RunOptions) {
  return (await runQuery(await engine(), Q.principalsNamed, { name }, opts)).rows;
}

/** A role's ARN without its path, as session ARNs and AccessDenied messages name it. */
const PATHLESS_ROLE = /^arn:([^:]+):iam::(\d{12}):role\/([^/]+)$/;

/**
 * The roles a role ARN without its path may mean: `arn:aws:iam::<account>:role/<name>` for a role
 * the logs name with a path (an Identity Center role is `role/aws-reserved/sso.amazonaws.com/…`).
 * A role's name is unique in its account whatever its path, so there is at most one per account,
 * in any case (IAM role names are case-insensitive). Anything else: none.
 */
export async function rolesWithPath(arn: string, opts?: RunOptions) {
  const m = PATHLESS_ROLE.exec(arn);
  if (!m) return [];
  const [, partition, account, name] = m;
  const prefix = `arn:${partition}:iam::${account}:role/`.toLowerCase();
  return (await principalsNamed(name, opts)).filter((r) => {
    const p = r.principal.toLowerCase();
    return p.startsWith(prefix) && p.endsWith(`/${name.toLowerCase()}`) && p !== arn.toLowerCase();
  });
}

/**
 * Every key's current alias, for tables of events (key_names: the alias rollup only, a few ms on
 * the embedded store). Remembered for a minute, as resolutions are: on Athena the rollup is a view
 * over all alias history, which an analyst paging through events would otherwise scan on every
 * page. A name is a courtesy: if it cannot be read the table shows key ids rather than failing
 * (and the next page asks again).
 */
let names: { at: number; value: Promise<KeyNames> } | null = null;
export async function keyNames(): Promise<KeyNames> {
  if (names && Date.now() - names.at < RESOLVE_TTL_MS) return names.value;
  const mine = { at: Date.now(), value: Promise.resolve(NO_KEY_NAMES) };
  // No caller's abort signal: the read is shared, and one page going away must not fail it for others.
  mine.value = engine()
    .then((e) => readKeyNames(e))
    .catch(() => {
      if (names === mine) names = null; // not remembered: the next page asks again
      return NO_KEY_NAMES;
    });
  names = mine;
  return mine.value;
}

export async function keyAliases(keyArn: string, opts?: RunOptions) {
  return (await runQuery(await engine(), Q.keyAliases, { keyArn }, opts)).rows;
}

const NO_EVENTS = { calls: 0, failed: 0, accessDenied: 0, activeKeys: 0, principals: 0, noKeyCalls: 0 };
type Period = Pick<ResolvedRange, 'from' | 'to'>;

/** The period of equal length just before the range: what "vs previous period" compares with. */
export function previousPeriod(r: Period): Period {
  return { from: new Date(r.from.getTime() - (r.to.getTime() - r.from.getTime())), to: r.from };
}

/** Whether any KMS event (any key) is logged in a window: the Data health page's daily counts. */
export async function anyLogs(w: Period, opts?: RunOptions): Promise<boolean> {
  return (await runQuery(await engine(), Q.dailyCounts, w, opts)).rows.some((d) => d.count > 0);
}

/** A quarter of a period, at most a day: how near its edge an event must be to count as covering it. */
const edgeMs = (p: Period) => Math.min(BUCKET_MS.day, (p.to.getTime() - p.from.getTime()) / 4);

/**
 * Whether the logs cover a period's start, so it can serve as a baseline: an event in the day
 * before it begins or within a quarter of it (at most a day). A quiet trail's late first call still
 * counts; a trail that begins in the middle of it does not.
 */
export async function logsCoverStart(p: Period, opts?: RunOptions): Promise<boolean> {
  return anyLogs({ from: new Date(p.from.getTime() - BUCKET_MS.day), to: new Date(p.from.getTime() + edgeMs(p)) }, opts);
}

/** The same at a period's end: an event within its last quarter (at most a day) or in the day after it. */
export async function logsCoverEnd(p: Period, opts?: RunOptions): Promise<boolean> {
  return anyLogs({ from: new Date(p.to.getTime() - edgeMs(p)), to: new Date(p.to.getTime() + BUCKET_MS.day) }, opts);
}

/**
 * Where the logs stop short of a range's edges (lib/log-coverage.ts). Two small reads at the
 * edges; the range's first and last events are read only when one of them finds nothing, so on
 * Athena a range inside the logs costs no scan of the whole range.
 */
export async function logCoverage(r: Period, opts?: RunOptions): Promise<LogCoverage> {
  const [start, end] = await Promise.all([logsCoverStart(r, opts), logsCoverEnd(r, opts)]);
  if (start && end) return FULL_COVERAGE;
  const span = (await runQuery(await engine(), Q.rangeSpan, r, opts)).rows[0];
  // Nothing at all in the range, and an edge unlogged: the whole range is missing logs. Reports and
  // exports must say so (a June report on a trail that starts in November is not "no use").
  if (!span?.firstEvent || !span.lastEvent) return NOTHING_LOGGED;
  return { logsFrom: start ? null : span.firstEvent, logsTo: end ? null : span.lastEvent };
}

/**
 * What a range's counts are compared with: the previous period of equal length, or, for a range
 * that runs past now (`toDate`), the same stretch of it as the range has had until now (`end`).
 */
export function comparedPeriod(r: Period, now = Date.now()): { prev: Period; toDate: boolean; end: number } {
  const full = previousPeriod(r);
  // A preset ends now rounded up to the minute (resolveRange), and a page is read a moment after it
  // was asked for: an end that close to now is "until now", compared with the whole previous period.
  if (r.to.getTime() - now <= UNTIL_NOW_SLACK_MS) return { prev: full, toDate: false, end: r.to.getTime() };
  const end = Math.max(r.from.getTime(), now);
  return { prev: { from: full.from, to: new Date(full.from.getTime() + (end - r.from.getTime())) }, toDate: true, end };
}

const UNTIL_NOW_SLACK_MS = 5 * 60_000;

/** Whether the logs reach the end of what a range has had so far (its end, or now for one past now). */
export async function logsCoverSoFar(r: Period, opts?: RunOptions): Promise<boolean> {
  const { end } = comparedPeriod(r);
  return end > r.from.getTime() && logsCoverEnd({ from: r.from, to: new Date(end) }, opts);
}

/**
 * Headline numbers for the range and for the previous period of equal length. `previous` is left
 * out when the logs do not cover that period's start (`logsCoverStart`: a trail's first days, or a
 * gap): a sliver of it is no baseline, and "▲ 54,400%" would be noise; and when they stop before
 * the range ends (a trail that stopped, files not loaded yet): its counts are not the whole range's,
 * and "▼ 40%" would read as less use. A range that runs past now (an event's week, a typed end
 * date) holds calls up to now only: it is compared with the same stretch of the previous period.
 */
export async function kpisWithPrevious(keyArn: string | null, r: ResolvedRange, opts?: RunOptions) {
  const { prev, toDate, end } = comparedPeriod(r);
  const ahead = end <= r.from.getTime();
  const [cur, before, complete, coverage, endLogged] = await Promise.all([
    runQuery(await engine(), Q.kpis, { keyArn, from: r.from, to: r.to }, opts),
    runQuery(await engine(), Q.kpis, { keyArn, ...prev }, opts),
    logsCoverStart(prev, opts),
    logCoverage(r, opts),
    // The range's own end is read by logCoverage; a range past now is read where it has got to.
    toDate && !ahead ? logsCoverSoFar(r, opts) : null,
  ]);
  const endCovered = toDate ? endLogged === true : coverage.logsTo === null && !coverage.nothingLogged;
  // An aggregate answers one row; an engine that answers none (a mock, a view gone wrong) means no events.
  const previous = before.rows[0] ?? NO_EVENTS;
  return {
    current: cur.rows[0] ?? NO_EVENTS,
    previous: complete && endCovered ? previous : undefined,
    /** Why there is no `previous`: the logs miss the previous period's start, or the range's end. */
    noPrevious: (ahead ? 'ahead' : !complete ? 'start' : !endCovered ? 'end' : null) as NoPrevious | null,
    /** The previous period's numbers however much of it the logs cover (exports show them with `previousComplete`). */
    previousCounts: previous,
    previousComplete: complete,
    /** What `previous` counts: the previous period, or (`previousToDate`) as much of it as the range has had until now. */
    previousRange: prev,
    previousToDate: toDate,
    /** Where the logs stop short of the range itself: its counts cover only the logged part. */
    coverage,
  };
}

export async function storeSpan(opts?: RunOptions) {
  return (await runQuery(await engine(), Q.storeSpan, {}, opts)).rows[0];
}
