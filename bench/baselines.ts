/**
 * What each measured API runs, taken from the query catalog, so the bare engine
 * and the HTTP route are given the same SQL text and the same bound values.
 * The params are derived as the route derives them (same schemas, same range
 * resolution), so a route change that alters its query shows up here as a mismatch
 * in row counts rather than as a silently different comparison.
 */
import type { z } from 'zod';
import { KeysSearch } from '../lib/api-schemas';
import type { Engine, SqlValue } from '../lib/engines/types';
import { findingsConfig } from '../lib/findings/config';
import { runFindings } from '../lib/findings/rules';
import * as Q from '../lib/queries/catalog';
import { bindQuery, runQuery, type QueryDef } from '../lib/queries/define';
import { parseSearch, resolveRange, type ResolvedRange } from '../lib/search-params';

/** Everything the cases need, fixed once per run by the bare phase (busiest key, newest event, a deep cursor). */
export interface Inputs {
  from: string;
  to: string;
  keyArn: string;
  eventId: string;
  /** Its time: the UI's links to an event carry it (`?t=`), so the raw-event route is timed with it. */
  eventTime: string;
  /** (time, eventID) of the last row of page 20, i.e. what page 21 is asked with. */
  deepCursor: { ts: string; id: string } | null;
}

export interface Case {
  name: string;
  /** The API URL (path and query) that runs this query. */
  url: (i: Inputs) => string;
  query: string;
  /** Exactly what the engine is given: the .sql text and the bound values. */
  sqlArgs: (i: Inputs) => { sql: string; args: SqlValue[] };
  /** The bare engine: the SQL alone, rows as the engine returns them (no validation, no shaping). */
  bare: (e: Engine, i: Inputs) => Promise<number>;
  /** The catalog layer: runQuery, i.e. the bare engine plus param and row validation. */
  catalog: (e: Engine, i: Inputs) => Promise<number>;
  /** Several queries (no one SQL text to EXPLAIN): timed, never the plan shown as the slowest. */
  composite?: boolean;
}

/** The range as every route resolves it: `?from&to` through the same schema. */
export function rangeOf(i: Pick<Inputs, 'from' | 'to'>): ResolvedRange {
  return resolveRange(parseSearch(KeysSearch, { from: i.from, to: i.to }));
}

/** The opaque cursor format of lib/server/data.ts (not importable here: it is server-only). */
export const encodeCursor = (c: { ts: string; id: string }): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function defineCase<P extends z.ZodType, R extends z.ZodType>(
  name: string,
  url: (i: Inputs) => string,
  def: QueryDef<P, R>,
  params: (i: Inputs, r: ResolvedRange) => z.input<P>,
): Case {
  const sqlArgs = (i: Inputs) => bindQuery(def, params(i, rangeOf(i)));
  return {
    name,
    url,
    query: def.name,
    sqlArgs,
    bare: async (e, i) => {
      const { sql, args } = sqlArgs(i);
      return (await e.run(sql, args)).rows.length;
    },
    catalog: async (e, i) => (await runQuery(e, def, params(i, rangeOf(i)))).rows.length,
  };
}

/**
 * Every findings rule, as one run serves the overview, key pages and the findings page for 30 s
 * (lib/server/data-findings.ts): what the first visit after that pays beside its panels.
 */
function findingsRun(): Case {
  const run = async (e: Engine, i: Inputs) => {
    const r = rangeOf(i);
    return (await runFindings(e, { from: r.from, to: r.to }, findingsConfig())).findings.length;
  };
  return {
    name: 'findings (every rule, one run)',
    url: () => '',
    query: 'runFindings',
    sqlArgs: () => {
      throw new Error('runFindings is several queries');
    },
    bare: run,
    catalog: run,
    composite: true,
  };
}

const rq = (i: Inputs) => `from=${encodeURIComponent(i.from)}&to=${encodeURIComponent(i.to)}`;
const key = (i: Inputs) => encodeURIComponent(i.keyArn);
const noFilters = () => Q.EventFilters.parse({});

/** The dashboard's JSON API, one case per route measured (params as in app/api/**\/route.ts). */
export const API_CASES: Case[] = [
  defineCase(
    'keys',
    (i) => `/api/keys?${rq(i)}`,
    Q.keysOverview,
    (_i, r) => ({ from: r.from, to: r.to }),
  ),
  defineCase(
    'timeline',
    (i) => `/api/keys/${key(i)}/timeline?${rq(i)}`,
    Q.usageTimeline,
    (i, r) => ({
      keyArn: i.keyArn,
      principal: null,
      from: r.from,
      to: r.to,
      bucket: r.bucket,
    }),
  ),
  // PrincipalsSearch's default limit is 10.
  defineCase(
    'principals',
    (i) => `/api/keys/${key(i)}/principals?${rq(i)}`,
    Q.topPrincipals,
    (i, r) => ({
      keyArn: i.keyArn,
      from: r.from,
      to: r.to,
      limit: 10,
    }),
  ),
  // ContextsSearch's default limit is 10.
  defineCase(
    'contexts',
    (i) => `/api/keys/${key(i)}/contexts?${rq(i)}`,
    Q.encryptionContexts,
    (i, r) => ({ keyArn: i.keyArn, principal: null, from: r.from, to: r.to, limit: 10 }),
  ),
  // PrincipalsSearch's default limit (10), as the sources API shares it.
  defineCase(
    'sources',
    (i) => `/api/keys/${key(i)}/source-ips?${rq(i)}`,
    Q.topSourceIps,
    (i, r) => ({ keyArn: i.keyArn, principal: null, from: r.from, to: r.to, limit: 10 }),
  ),
  defineCase(
    'heatmap',
    (i) => `/api/failures/heatmap?${rq(i)}`,
    Q.failuresByHour,
    (_i, r) => ({
      keyArn: null,
      principal: null,
      from: r.from,
      to: r.to,
    }),
  ),
  defineCase(
    'events',
    (i) => `/api/events?${rq(i)}&limit=50`,
    Q.eventsPage,
    (_i, r) => ({
      ...noFilters(),
      from: r.from,
      to: r.to,
      cursor: null,
      pageSize: 50,
    }),
  ),
  defineCase(
    'events page 21',
    (i) => `/api/events?${rq(i)}&limit=50${i.deepCursor ? `&cursor=${encodeCursor(i.deepCursor)}` : ''}`,
    Q.eventsPage,
    (i, r) => ({ ...noFilters(), from: r.from, to: r.to, cursor: i.deepCursor, pageSize: 50 }),
  ),
  defineCase(
    'event raw',
    (i) => `/api/events/${encodeURIComponent(i.eventId)}?t=${encodeURIComponent(i.eventTime)}`,
    Q.eventRaw,
    (i) => ({ eventId: i.eventId, near: new Date(i.eventTime) }),
  ),
];

/** Queries the pages run besides the API ones: timed bare only, to explain page render times. */
export const PAGE_QUERIES: Case[] = [
  defineCase(
    'kpis (all keys)',
    () => '',
    Q.kpis,
    (_i, r) => ({ keyArn: null, from: r.from, to: r.to }),
  ),
  defineCase(
    'kpis (one key)',
    () => '',
    Q.kpis,
    (i, r) => ({ keyArn: i.keyArn, from: r.from, to: r.to }),
  ),
  defineCase(
    'key status',
    () => '',
    Q.keyStatus,
    (_i, r) => ({ to: r.to }),
  ),
  defineCase(
    'key lifecycle',
    () => '',
    Q.keyLifecycle,
    (i, r) => ({ keyArn: i.keyArn, to: r.to }),
  ),
  defineCase(
    'top principals (25, key page)',
    () => '',
    Q.topPrincipals,
    (i, r) => ({ keyArn: i.keyArn, from: r.from, to: r.to, limit: 25 }),
  ),
  defineCase(
    'key contexts (50, key page)',
    () => '',
    Q.encryptionContexts,
    (i, r) => ({ keyArn: i.keyArn, principal: null, from: r.from, to: r.to, limit: 50 }),
  ),
  // The findings' newest rule, with the default thresholds and 14-day baseline (lib/findings/config.ts).
  defineCase(
    'secret sweep (findings)',
    () => '',
    Q.secretSweep,
    (_i, r) => ({ from: r.from, to: r.to, baselineFrom: new Date(r.from.getTime() - 14 * 86_400_000), windowSeconds: 600, minItems: 10 }),
  ),
  defineCase(
    'new principals (findings)',
    () => '',
    Q.newPrincipals,
    (_i, r) => ({ from: r.from, to: r.to, baselineFrom: new Date(r.from.getTime() - 14 * 86_400_000) }),
  ),
  findingsRun(),
  defineCase(
    'failures by principal × key',
    () => '',
    Q.failuresByPrincipalKey,
    (_i, r) => ({ from: r.from, to: r.to, limit: 200 }),
  ),
  defineCase(
    'failures by day',
    () => '',
    Q.failuresByDay,
    (_i, r) => ({ keyArn: null, from: r.from, to: r.to }),
  ),
];

/**
 * The main pages: what is fetched for the server render, and the panel that means "rendered"
 * in the browser (`ready`). `early`, when given, is timed too: on the key page the chart's
 * frame is in the server HTML while its bars are drawn only after hydration.
 */
export const PAGES: { name: string; url: (i: Inputs) => string; ready: string; early?: string }[] = [
  { name: 'overview /', url: (i) => `/?${rq(i)}`, ready: '[data-testid=keys-table]' },
  {
    name: 'key /keys/<key>',
    url: (i) => `/keys/${key(i)}?${rq(i)}`,
    ready: '.recharts-bar-rectangle',
    early: '[data-testid=timeline-chart]',
  },
  { name: 'failures /failures', url: (i) => `/failures?${rq(i)}`, ready: '[data-testid=weekday-hour-heatmap]' },
  { name: 'events /events', url: (i) => `/events?${rq(i)}`, ready: '[data-testid=events-table]' },
  { name: 'health /health', url: (i) => `/health?${rq(i)}`, ready: '[data-testid=sources-table]' },
];
