import type { RunResult } from './types';

/**
 * Finished results, kept for a short TTL so a repeat (a reload, a second panel,
 * the next user) starts no query. On Athena every start costs at least 10 MB
 * of scanning unless result reuse hits; on the embedded engine, many users on
 * the same view would each pay the same CPU. Bounded, oldest out first, because
 * a result can hold a thousand rows. A TTL of 0 turns it off.
 */
export interface ResultCache {
  get(key: string): RunResult | undefined;
  set(key: string, result: RunResult): void;
  readonly size: number;
}

export function createResultCache(ttlSeconds: number, now: () => number, maxEntries = 200): ResultCache {
  const ttlMs = ttlSeconds * 1000;
  const entries = new Map<string, { at: number; result: RunResult }>();
  const fresh = (at: number, t: number) => t - at < ttlMs;
  return {
    get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (fresh(e.at, now())) return e.result;
      entries.delete(key);
      return undefined;
    },
    set(key, result) {
      if (ttlMs <= 0) return; // a TTL of 0: off
      const t = now();
      for (const [k, e] of entries) if (!fresh(e.at, t)) entries.delete(k);
      entries.delete(key); // re-inserted last: Map order is age order
      entries.set(key, { at: t, result });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    get size() {
      return entries.size;
    },
  };
}
