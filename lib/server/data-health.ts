import 'server-only';
import type { RunOptions } from '../engines/types';
import * as Q from '../queries/catalog';
import { runQuery } from '../queries/define';
import type { ResolvedRange } from '../search-params';
import { bucketStarts } from '../time';
import { readLastIngest, type LastIngest } from '../ingest/last-ingest';
import { getStore } from './store';

/**
 * Data health: is the trail delivering KMS events, from where, and with what gaps?
 * The "verify the configuration" step of a CloudTrail + KMS setup, made visible.
 */
export async function dataHealth(r: ResolvedRange, opts?: RunOptions) {
  const { engine } = await getStore();
  const [sources, daily, span] = await Promise.all([
    runQuery(engine, Q.sources, { from: r.from, to: r.to }, opts),
    runQuery(engine, Q.dailyCounts, { from: r.from, to: r.to }, opts),
    runQuery(engine, Q.storeSpan, {}, opts),
  ]);
  const total = sources.rows.reduce((n, s) => n + s.events, 0);
  const emptyDays = silentDays(r, daily.rows);
  return {
    total,
    sources: sources.rows.map((s) => ({ ...s, share: total ? s.events / total : 0 })),
    emptyDays,
    store: span.rows[0],
  };
}

/**
 * The UTC days wholly inside the range with no KMS event (daily_counts, which counts from the range's
 * start). A day the range cuts (its first, from 18:50; today, so far) is left out: an event before
 * the cut is not counted, and the day is not silent for it.
 */
export function silentDays(r: Pick<ResolvedRange, 'from' | 'to'>, daily: readonly { day: string; count: number }[]): string[] {
  const seen = new Set(daily.filter((d) => d.count > 0).map((d) => d.day.slice(0, 10)));
  return bucketStarts(r.from.getTime(), r.to.getTime(), 'day')
    .filter((t) => t >= r.from.getTime() && t + DAY_MS <= r.to.getTime())
    .map((t) => new Date(t).toISOString().slice(0, 10))
    .filter((d) => !seen.has(d));
}

const DAY_MS = 86_400_000;

/** The last ingest that read or failed on something; null on Athena, which has no local ingest. */
export async function lastIngest(): Promise<{ engine: 'duckdb'; last: LastIngest | null } | { engine: 'athena' }> {
  const { db } = await getStore();
  return db ? { engine: 'duckdb', last: await readLastIngest(db) } : { engine: 'athena' };
}
