import type { QueryStats } from '../types';

/**
 * Athena's price: $5 per TB scanned, rounded up to the megabyte, with a 10 MB
 * minimum per query; a reused result is not charged.
 */
const MB = 2 ** 20;
const TB = 2 ** 40;
export const USD_PER_TB = 5;

export function athenaCostUsd(bytes: number, reused = false): number {
  if (reused) return 0;
  const billed = Math.max(10 * MB, Math.ceil(bytes / MB) * MB);
  return (billed / TB) * USD_PER_TB;
}

/** What a set of Athena queries cost: one panel's, or a page's (the sum of its panels'). */
export interface CostSummary {
  queries: number;
  bytes: number;
  usd: number;
  /** Time the requests waited for Athena, summed (panels run side by side, so a page's is more than its wall time). */
  ms: number;
  reused: number;
  /** QueryExecutionIds, in order (a cache hit repeats the id of the execution it reused). */
  ids: string[];
}

export const NO_COST: CostSummary = { queries: 0, bytes: 0, usd: 0, ms: 0, reused: 0, ids: [] };

/** The Athena queries among `stats`, summed; null when there are none (the embedded engine, or nothing ran). */
export function summarizeAthenaCost(stats: readonly QueryStats[]): CostSummary | null {
  const athena = stats.filter((s) => s.engine === 'athena');
  if (!athena.length) return null;
  return athena.reduce<CostSummary>(
    (t, s) => ({
      queries: t.queries + 1,
      bytes: t.bytes + (s.dataScannedBytes ?? 0),
      usd: t.usd + athenaCostUsd(s.dataScannedBytes ?? 0, s.reusedResult),
      ms: t.ms + s.elapsedMs,
      reused: t.reused + (s.reusedResult ? 1 : 0),
      ids: s.queryExecutionId ? [...t.ids, s.queryExecutionId] : t.ids,
    }),
    NO_COST,
  );
}

/** A page's total: each panel's summary added up (costs were rounded per query already, so this is a plain sum). */
export function sumCostSummaries(parts: Iterable<CostSummary>): CostSummary {
  let t = NO_COST;
  for (const p of parts)
    t = {
      queries: t.queries + p.queries,
      bytes: t.bytes + p.bytes,
      usd: t.usd + p.usd,
      ms: t.ms + p.ms,
      reused: t.reused + p.reused,
      ids: [...t.ids, ...p.ids],
    };
  return t;
}

/** "3 queries · 12.5 MB scanned · est. $0.00015 · 4.2 s · 1 reused": the same words per panel and per page. */
export function formatCost(c: CostSummary): string {
  return `${c.queries} ${c.queries === 1 ? 'query' : 'queries'} · ${(c.bytes / MB).toFixed(1)} MB scanned · est. $${c.usd.toFixed(5)} · ${(c.ms / 1000).toFixed(1)} s · ${c.reused} reused`;
}
