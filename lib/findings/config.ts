import { z } from 'zod';

/**
 * Rule thresholds, from the environment (documented in docs/findings.md and
 * .env.example). Defaults are chosen to stay quiet on a normal account.
 */
const Schema = z.object({
  KEYTRAIL_BURST_THRESHOLD: z.coerce.number().int().min(2).default(20),
  KEYTRAIL_BURST_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  // Lower than for denials: a healthy workload almost never hands KMS a bad ciphertext or signature.
  KEYTRAIL_INTEGRITY_BURST_THRESHOLD: z.coerce.number().int().min(2).default(5),
  // Secrets and SSM parameters a principal reads for the first time within one burst window.
  KEYTRAIL_SWEEP_THRESHOLD: z.coerce.number().int().min(2).default(10),
  KEYTRAIL_BASELINE_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  KEYTRAIL_SPIKE_Z: z.coerce.number().min(1).default(5),
  KEYTRAIL_SPIKE_MIN_CALLS: z.coerce.number().int().min(1).default(30),
  KEYTRAIL_GAP_HOURS: z.coerce.number().int().min(1).default(24),
});

export interface FindingsConfig {
  burstThreshold: number;
  burstWindowMinutes: number;
  /** Integrity failures (ciphertext, signature or MAC rejected) in one window that make a burst. */
  integrityBurstThreshold: number;
  /** Secrets and SSM parameters a principal reads for the first time within one window that make a sweep. */
  sweepThreshold: number;
  baselineDays: number;
  spikeZ: number;
  spikeMinCalls: number;
  gapHours: number;
}

export function findingsConfig(env: Record<string, string | undefined> = process.env): FindingsConfig {
  const r = Schema.safeParse(env);
  if (!r.success) throw new Error(`Invalid findings setting: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const c = r.data;
  return {
    burstThreshold: c.KEYTRAIL_BURST_THRESHOLD,
    burstWindowMinutes: c.KEYTRAIL_BURST_WINDOW_MINUTES,
    integrityBurstThreshold: c.KEYTRAIL_INTEGRITY_BURST_THRESHOLD,
    sweepThreshold: c.KEYTRAIL_SWEEP_THRESHOLD,
    baselineDays: c.KEYTRAIL_BASELINE_DAYS,
    spikeZ: c.KEYTRAIL_SPIKE_Z,
    spikeMinCalls: c.KEYTRAIL_SPIKE_MIN_CALLS,
    gapHours: c.KEYTRAIL_GAP_HOURS,
  };
}
