import { GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { beforeEach, describe, expect, it } from 'vitest';
import * as catalog from '../../queries/catalog';
import { runQuery, type QueryDef } from '../../queries/define';
import { athena, startInput, testEngine } from './test-support';

/**
 * Cost is a feature: every query restricts the `timestamp` partition to the
 * chosen window, padded a day each side for late delivery, so Athena reads only
 * those days. Checked on the SQL and parameters actually sent to Athena.
 */
const engine = () =>
  testEngine({ sleep: async () => undefined }, { ATHENA_OUTPUT_LOCATION: undefined, ATHENA_CACHE_SECONDS: 0, KEYTRAIL_QUERY_TIMEOUT: 60 });

/** Queries that cannot be bounded by the range, and why (documented in docs/athena.md). */
const UNBOUNDED: Record<string, string> = {
  resolve_key: 'finds what a key id or alias means, whenever it was last seen',
  resolve_key_in_events: 'resolve_key over the events, for a key the rollups do not list yet',
  key_aliases: 'a key keeps its aliases beyond the range',
  key_names: 'a key keeps its name beyond the range',
  store_span: 'says what the store holds overall',
  sources: '"latest event ever" per account and region must look beyond the range',
  principal_seen: "where a principal's calls are when its range shows none; run only then",
  principal_exists: 'whether a principal page exists at all; up to the first match',
  principals_named: 'which principals a short name typed as a page address may mean; run only when it names none',
  key_seen: "where a key's events are when its page's range shows none; run only then",
};
/** Queries bounded above only: state as of `to` comes from the key's whole history. */
const UPPER_ONLY = new Set(['key_status', 'key_lifecycle']);

const FROM = new Date('2026-03-01T00:00:00Z');
const TO = new Date('2026-03-08T00:00:00Z');
const superset = {
  from: FROM,
  to: TO,
  baselineFrom: new Date('2026-02-15T00:00:00Z'),
  lookbackFrom: new Date('2026-02-15T00:00:00Z'),
  keyArn: 'arn:aws:kms:us-east-1:111122223333:key/k',
  principal: 'p',
  bucket: 'hour',
  limit: 10,
  windowSeconds: 600,
  threshold: 20,
  minItems: 10,
  burstClass: 'access-denied',
  minGapSeconds: 86400,
  ref: 'alias/x',
  name: 'AppRole',
  eventId: 'e-1',
  // event_raw: the event's time, as the links to an event carry it (the page's ?t=).
  near: new Date('2026-03-08T00:00:00Z'),
};
const defs = Object.values(catalog).filter(
  (v): v is QueryDef<never, never> => typeof v === 'object' && v !== null && 'file' in v && 'args' in v,
);

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q' });
  athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' }, Statistics: {} } });
  athena.on(GetQueryResultsCommand).resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: [] }, Rows: [{ Data: [] }] } });
});

describe('partition filters', () => {
  it('covers the whole catalog', () => {
    expect(defs.length).toBeGreaterThan(20);
  });

  it.each(defs.map((d) => [d.name, d] as const))('%s reads only the partitions of its window', async (name, def) => {
    await runQuery(engine(), def, superset as never);
    const sent = startInput();
    const sql = sent.QueryString!;
    const params = sent.ExecutionParameters ?? [];
    const before = (i: number) => (sql.slice(0, i).match(/\?/g) ?? []).length;
    if (UNBOUNDED[name]) {
      expect(sql).not.toMatch(/"timestamp"\s+BETWEEN/);
      return;
    }
    if (UPPER_ONLY.has(name)) {
      const i = sql.indexOf('"timestamp" <= ?');
      expect(i).toBeGreaterThan(0);
      expect(params[before(i)]).toBe("'2026/03/09'");
      return;
    }
    // Every partition filter (a query may read a second window, such as the lookback before the
    // range of logging_gaps), each within the window: the earliest bound and the latest.
    const at = [...sql.matchAll(/"timestamp" BETWEEN \? AND \?/g)].map((m) => before(m.index));
    expect(at.length, `${name} has no partition filter`).toBeGreaterThan(0);
    const los = at.map((k) => String(params[k])).sort();
    const his = at.map((k) => String(params[k + 1])).sort();
    // Baseline rules read from the baseline's start; the rest from the range's.
    // event_raw: the day each side of the event's time.
    expect(name === 'event_raw' ? [`'2026/03/07'`] : [`'2026/02/28'`, `'2026/02/14'`]).toContain(los[0]);
    expect(his.at(-1)).toBe("'2026/03/09'");
  });
});

describe('event_raw without the event time', () => {
  it('still finds the event (reading every partition): the optional bound is off', async () => {
    await runQuery(engine(), catalog.eventRaw, { eventId: 'e-1', near: null });
    const sent = startInput();
    expect(sent.QueryString).toContain('(? IS NULL OR ("timestamp" BETWEEN ? AND ?');
    expect(sent.ExecutionParameters).toEqual(["'e-1'", 'NULL', 'NULL', 'NULL', 'NULL', 'NULL']);
  });
});
