/**
 * Bench phase, the query baseline: the store opened in-process (same DuckDB
 * settings and compat macros as the server, via Database.open) and each API's
 * catalog SQL run with the route's bound values, warm. Timed twice: the bare
 * engine (SQL only) and runQuery (plus param/row validation), so the report can
 * tell engine time, catalog overhead and HTTP/Next overhead apart. It also fixes
 * the run's inputs (busiest key, newest event, the cursor of page 21) and keeps
 * EXPLAIN ANALYZE of the slowest query. Runs before the server: the file is locked to one process.
 *   phase-bare.ts <db> <fromIso> <toIso> <runs>
 */
import { Database } from '../lib/engines/duckdb/database';
import { createDuckdbEngine } from '../lib/engines/duckdb/engine';
import * as Q from '../lib/queries/catalog';
import { runQuery } from '../lib/queries/define';
import { API_CASES, PAGE_QUERIES, rangeOf, type Case, type Inputs } from './baselines';
import { phaseMain, timeIt, type JsonObject } from './common';

const PAGE_SIZE = 50;
const DEEP_PAGE = 21;

phaseMain(async () => {
  const [dbPath, from, to, runsArg] = process.argv.slice(2);
  const runs = Number(runsArg);
  const db = await Database.open(dbPath);
  const e = createDuckdbEngine(db);
  const r = rangeOf({ from, to });

  // The busiest key in the range: the key page a user would open first, and the heaviest one.
  const keys = await runQuery(e, Q.keysOverview, { from: r.from, to: r.to });
  if (!keys.rows.length) throw new Error(`no KMS key used between ${from} and ${to}: nothing to measure`);
  const keyArn = keys.rows[0].keyArn;

  // Follow the cursor as listEvents does (page = first 50 rows; cursor = the page's last row).
  let cursor: Inputs['deepCursor'] = null;
  let eventId = '';
  let eventTime = '';
  let pages = 0;
  for (; pages < DEEP_PAGE - 1; pages++) {
    const res = await runQuery(e, Q.eventsPage, {
      ...Q.EventFilters.parse({}),
      from: r.from,
      to: r.to,
      cursor: cursor ? { ...cursor } : null,
      pageSize: PAGE_SIZE,
    });
    const page: { eventId: string; eventTime: string }[] = res.rows.slice(0, PAGE_SIZE);
    if (pages === 0) {
      eventId = page[0]?.eventId ?? '';
      eventTime = page[0]?.eventTime ?? '';
    }
    if (res.rows.length <= PAGE_SIZE) break;
    const last = page[page.length - 1];
    cursor = { ts: last.eventTime, id: last.eventId };
  }
  const inputs: Inputs = { from, to, keyArn, eventId, eventTime, deepCursor: pages === DEEP_PAGE - 1 ? cursor : null };

  const p50s = new Map<Case, number>();
  const measure = async (c: Case, withCatalog: boolean): Promise<JsonObject> => {
    const rows = await c.bare(e, inputs);
    const bare = await timeIt(() => c.bare(e, inputs), runs);
    if (!c.composite) p50s.set(c, bare.p50);
    const catalog = withCatalog ? await timeIt(() => c.catalog(e, inputs), runs) : null;
    return { query: c.query, rows, bare: { ...bare }, catalog: catalog ? { ...catalog } : null };
  };
  const api: Record<string, JsonObject> = {};
  for (const c of API_CASES) api[c.name] = await measure(c, true);
  const pageQueries: Record<string, JsonObject> = {};
  for (const c of PAGE_QUERIES) pageQueries[c.name] = await measure(c, false);

  // Evidence for the report: the plan, with per-operator times, of the slowest query measured.
  const slowest = [...p50s.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const { sql, args } = slowest.sqlArgs(inputs);
  const plan = await e.run(`EXPLAIN ANALYZE ${sql}`, args);
  const explain = plan.rows
    .map((row) => String(row.explain_value ?? Object.values(row).join('\n')))
    .join('\n')
    .split('\n')
    .filter((l) => !l.startsWith('EXPLAIN ANALYZE')) // the query text, on one line: already in the report
    .join('\n');

  db.close();
  return {
    inputs: { ...inputs, deepCursor: inputs.deepCursor ? { ...inputs.deepCursor } : null, keys: keys.rows.length },
    api,
    pageQueries,
    slowest: { name: slowest.name, query: slowest.query, args, explain },
  };
});
