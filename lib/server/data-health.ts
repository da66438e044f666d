import 'server-only';
import type { RunOptions } from '../engines/types';
import * as Q from '../queries/catalog';
import { runQuery } from '../queries/define';
import type { ResolvedRange } from '../search-params';
import { bucketStarts } from '../time';
import { readLastIngest, type LastIngest } from '../ingest/last-ingest';
import { findingsConfig } from '../findings/config';
import { rules } from '../findings/rules';
import { panelMessage } from '../panel-message';
import { getStore } from './store';

/**
 * Data health: is the trail delivering KMS events, from where, and with what gaps?
 * The "verify the configuration" step of a CloudTrail + KMS setup, made visible.
 */
export async function dataHealth(r: ResolvedRange, opts?: RunOptions) {
  const { engine } = await getStore();
  const config = findingsConfig();
  const [sources, daily, span, silences] = await Promise.all([
    runQuery(engine, Q.sources, { from: r.from, to: r.to }, opts),
    runQuery(engine, Q.dailyCounts, { from: r.from, to: r.to }, opts),
    runQuery(engine, Q.storeSpan, {}, opts),
    // The findings' logging-gap rule alone: each source's silences, which a whole-day count misses
    // (one Region quiet for a day while others deliver). Its failure leaves the rest of the page.
    rules['logging-gap'](engine, { from: r.from, to: r.to }, config, opts).then(
      (found) => ({ bySource: silencesBySource(found), error: null }),
      (e: unknown) => ({ bySource: new Map<string, SourceSilences>(), error: panelMessage(e) }),
    ),
  ]);
  const total = sources.rows.reduce((n, s) => n + s.events, 0);
  const emptyDays = silentDays(r, daily.rows);
  return {
    total,
    sources: sources.rows.map((s) => ({
      ...s,
      share: total ? s.events / total : 0,
      silences: silences.bySource.get(sourceId(s.account, s.region)) ?? null,
    })),
    /** The least silence counted (KEYTRAIL_GAP_HOURS), and why silences are missing when they could not be read. */
    silenceHours: config.gapHours,
    silencesError: silences.error,
    emptyDays,
    store: span.rows[0],
  };
}

export interface SourceSilences {
  count: number;
  longestHours: number;
  /** The longest silence's events around it (the events list's filters). */
  longest: Record<string, string>;
}

const sourceId = (account: string | null, region: string | null) => `${account ?? ''}|${region ?? ''}`;

/** The logging-gap findings of each source (evidence: its account and region), counted, with the longest. */
function silencesBySource(found: readonly { count: number; evidence: Record<string, string> }[]): Map<string, SourceSilences> {
  const out = new Map<string, SourceSilences>();
  for (const f of found) {
    const id = sourceId(f.evidence.account ?? null, f.evidence.region ?? null);
    const s = out.get(id);
    if (!s) out.set(id, { count: 1, longestHours: f.count, longest: f.evidence });
    else {
      s.count++;
      if (f.count > s.longestHours) Object.assign(s, { longestHours: f.count, longest: f.evidence });
    }
  }
  return out;
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
