// The cache itself is shared with the embedded engine (../result-cache.ts).
export { createResultCache, type ResultCache } from '../result-cache';

/** Everything that makes Athena's answer differ: where it runs, the text, and the rendered literals ('1' and 1 differ). */
export function cacheKey(
  s: { ATHENA_CATALOG: string; ATHENA_DATABASE: string; ATHENA_WORKGROUP: string; ATHENA_OUTPUT_LOCATION?: string },
  sql: string,
  literals: readonly string[],
): string {
  return JSON.stringify([s.ATHENA_CATALOG, s.ATHENA_DATABASE, s.ATHENA_WORKGROUP, s.ATHENA_OUTPUT_LOCATION ?? '', sql, literals]);
}
