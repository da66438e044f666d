import type { SqlValue } from '../types';

// The cache itself is shared with Athena's engine (../result-cache.ts).
export { createResultCache, type ResultCache } from '../result-cache';

/**
 * Everything that makes the store's answer differ: its generation (bumped by every
 * ingest commit, so a result never outlives the data it was read from), the text,
 * and the bound values with their types ('1' and 1 differ).
 */
export function cacheKey(generation: number, sql: string, params: readonly SqlValue[]): string {
  return JSON.stringify([generation, sql, params.map((p) => [typeof p, p])]);
}
