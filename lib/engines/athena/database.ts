import { AthenaClient } from '@aws-sdk/client-athena';
import { z } from 'zod';
import { EngineError } from '../types';

/**
 * Athena settings, from the environment. Credentials and region come from the
 * AWS SDK's default chain (environment, profile/SSO, instance role): KeyTrail
 * never asks for keys.
 */
const Schema = z.object({
  ATHENA_DATABASE: z.string().regex(/^[A-Za-z0-9_]{1,255}$/, 'must be a Glue database name').optional(),
  ATHENA_TABLE: z.string().regex(/^[A-Za-z0-9_]{1,255}$/, 'must be a table name').default('cloudtrail_logs'),
  ATHENA_WORKGROUP: z.string().min(1).default('primary'),
  ATHENA_OUTPUT_LOCATION: z.string().startsWith('s3://', 'must be an s3:// URL').optional(),
  ATHENA_CATALOG: z.string().min(1).default('AwsDataCatalog'),
  ATHENA_RESULT_REUSE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  ATHENA_MAX_CONCURRENT: z.coerce.number().int().min(1).max(20).default(4),
  ATHENA_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  KEYTRAIL_QUERY_TIMEOUT: z.coerce.number().int().min(1).max(3600).default(120),
});

export type AthenaSettings = z.output<typeof Schema> & { ATHENA_DATABASE: string };

export function loadAthenaSettings(env: Record<string, string | undefined> = process.env): AthenaSettings {
  const r = Schema.safeParse(env);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new EngineError('unavailable', `${String(i.path[0])} ${i.message}.`, { setting: String(i.path[0]) });
  }
  if (!r.data.ATHENA_DATABASE)
    throw new EngineError('unavailable', 'Set ATHENA_DATABASE to the Glue database that holds your CloudTrail table.', { setting: 'ATHENA_DATABASE' });
  return r.data as AthenaSettings;
}

export function createAthenaClient(): AthenaClient {
  return new AthenaClient({ maxAttempts: 1 }); // retries are ours: throttling backs off with jitter in engine.ts
}
