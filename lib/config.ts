import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting KeyTrail reads from the environment, parsed once.
 * Documented in README.md and .env.example; keep the three in step.
 */
const EnvSchema = z.object({
  KEYTRAIL_DB: z.string().min(1).default('data/keytrail.duckdb'),
  KEYTRAIL_LOGS: z.string().min(1).optional(),
  KEYTRAIL_LOGS_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  KEYTRAIL_SAMPLE: z.enum(['auto', 'off']).default('auto'),
  KEYTRAIL_ENGINE: z.enum(['duckdb', 'athena']).default('duckdb'),
  KEYTRAIL_QUERY_TIMEOUT: z.coerce.number().int().min(1).max(3600).default(120),
  // Embedded engine: identical queries within this many seconds (and no ingest between) share one result.
  KEYTRAIL_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
});

export type KeyTrailConfig = z.infer<typeof EnvSchema> & { dbPath: string; dataDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): KeyTrailConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid KeyTrail configuration: ${msg}. See .env.example.`);
  }
  const dbPath = path.resolve(parsed.data.KEYTRAIL_DB);
  return { ...parsed.data, dbPath, dataDir: path.dirname(dbPath) };
}
