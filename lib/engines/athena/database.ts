import { AthenaClient } from '@aws-sdk/client-athena';
import { z } from 'zod';
import { EngineError } from '../types';
import { TABLE_NAME } from './schema';

/**
 * Athena settings, from the environment. Credentials and region come from the
 * AWS SDK's default chain (environment, profile/SSO, instance role): KeyTrail
 * never reads keys itself.
 */

/** `ATHENA_OUTPUT_LOCATION=` left empty in a copied .env.example means "not set", not "invalid". */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const setting = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema);

const Schema = z.object({
  // Only sent in QueryExecutionContext, never spliced into SQL, so Glue's looser API rules (hyphens) are fine.
  ATHENA_DATABASE: setting(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,255}$/, 'must be a Glue database name')
      .optional(),
  ),
  // Spliced into the kms_events view DDL: the strict rule from schema.ts. Athena lower-cases names anyway.
  ATHENA_TABLE: setting(
    z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.string().regex(TABLE_NAME, 'must be a table name (letters, digits, underscore; starting with a letter)'))
      .default('cloudtrail_logs'),
  ),
  ATHENA_WORKGROUP: setting(
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,128}$/, 'must be a workgroup name')
      .default('primary'),
  ),
  ATHENA_OUTPUT_LOCATION: setting(
    z
      .string()
      .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'must be an s3://bucket/prefix/ URL')
      .optional(),
  ),
  ATHENA_CATALOG: setting(z.string().min(1).max(256).default('AwsDataCatalog')),
  // Athena's own bounds for MaxAgeInMinutes (7 days); 0 turns result reuse off.
  ATHENA_RESULT_REUSE_MINUTES: setting(z.coerce.number().int().min(0).max(10_080).default(60)),
  // Active DML queries are capped per account and region (20 by default in smaller regions), shared with everyone else.
  ATHENA_MAX_CONCURRENT: setting(z.coerce.number().int().min(1).max(20).default(4)),
  // 0 turns the engine's result cache off; in-flight sharing stays.
  ATHENA_CACHE_SECONDS: setting(z.coerce.number().int().min(0).max(86_400).default(60)),
  KEYTRAIL_QUERY_TIMEOUT: setting(z.coerce.number().int().min(1).max(3600).default(120)),
});

export type AthenaSettings = z.output<typeof Schema> & { ATHENA_DATABASE: string };

/** Called only when KEYTRAIL_ENGINE=athena, so a missing database is an error here. */
export function loadAthenaSettings(env: Record<string, string | undefined> = process.env): AthenaSettings {
  const r = Schema.safeParse(env);
  if (!r.success) {
    const i = r.error.issues[0];
    const name = String(i.path[0]);
    throw new EngineError('unavailable', `${name} ${i.message} (got ${JSON.stringify(env[name])}). See .env.example.`, { setting: name });
  }
  const { ATHENA_DATABASE } = r.data;
  if (!ATHENA_DATABASE)
    throw new EngineError('unavailable', 'Set ATHENA_DATABASE to the Glue database that holds your CloudTrail table.', {
      setting: 'ATHENA_DATABASE',
    });
  return { ...r.data, ATHENA_DATABASE };
}

/**
 * The SDK client. Retries are ours (maxAttempts 1): throttling backs off with
 * full jitter in engine.ts, and a second retry layer would multiply the waits.
 * Each HTTP call is bounded too, so a hung connection cannot outlive the query
 * timeout, which is checked between calls.
 */
export function createAthenaClient(settings?: Pick<AthenaSettings, 'KEYTRAIL_QUERY_TIMEOUT'>): AthenaClient {
  const timeoutMs = Math.min(30_000, (settings?.KEYTRAIL_QUERY_TIMEOUT ?? 120) * 1000);
  return new AthenaClient({
    maxAttempts: 1,
    requestHandler: { connectionTimeout: Math.min(5_000, timeoutMs), requestTimeout: timeoutMs, throwOnRequestTimeout: true },
  });
}
