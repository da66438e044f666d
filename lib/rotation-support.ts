/**
 * Whether a key can rotate automatically, from what the logs show of it. KMS rotates only symmetric
 * encryption keys whose key material it made (origin AWS_KMS): asymmetric and HMAC keys, keys with
 * imported material and keys in custom key stores cannot (AWS KMS developer guide, "Rotate AWS KMS
 * keys"). Calling such a key "rotation off" or "overdue" would send a manager after something no
 * one can fix, so they are reported as not applicable, with the reason.
 */
export interface KeyFacts {
  keySpec: string | null;
  keyOrigin: string | null;
  /** Successful calls only an asymmetric or HMAC key answers (Sign, Verify, GetPublicKey, GenerateMac…). */
  nonSymmetricCalls: number;
  /** From a successful Enable/DisableKeyRotation or an automatic rotation: only a rotatable key has either. */
  rotationEnabled: boolean | null;
}

/** `supported`: true, false (with `reason`), or null when the logs say nothing either way. */
export interface RotationSupport {
  supported: boolean | null;
  reason: string | null;
}

const ORIGINS: Record<string, string> = {
  EXTERNAL: 'imported key material',
  AWS_CLOUDHSM: 'in a CloudHSM key store',
  EXTERNAL_KEY_STORE: 'in an external key store',
};

export function rotationSupport(k: KeyFacts): RotationSupport {
  // KMS accepted a rotation setting, or rotated it: it can.
  if (k.rotationEnabled !== null) return { supported: true, reason: null };
  if (k.keySpec && k.keySpec !== 'SYMMETRIC_DEFAULT')
    return { supported: false, reason: k.keySpec.startsWith('HMAC_') ? `HMAC key (${k.keySpec})` : `asymmetric key (${k.keySpec})` };
  if (k.keyOrigin && k.keyOrigin !== 'AWS_KMS') return { supported: false, reason: ORIGINS[k.keyOrigin] ?? `origin ${k.keyOrigin}` };
  if (k.nonSymmetricCalls > 0) return { supported: false, reason: 'asymmetric or HMAC key (it signs, verifies or makes MACs)' };
  return { supported: k.keySpec === null ? null : true, reason: null };
}

/**
 * Where a multi-Region key's rotation evidence comes from, when it is not the key itself: automatic
 * rotation is a property its primary and replicas share (AWS KMS API reference, ReplicateKey). It is
 * turned on or off on the primary only, and the primary's rotations are its replicas' too, so a
 * replica's evidence is often logged in another Region. Null when the evidence is the key's own.
 */
export function sharedRotationNote(keyArn: string, evidenceKeyArn: string | null, evidence: string | null): string | null {
  if (!evidenceKeyArn || evidenceKeyArn === keyArn) return null;
  const region = evidenceKeyArn.split(':')[3] || 'another Region';
  return evidence === 'EnableKeyRotation' || evidence === 'DisableKeyRotation'
    ? `set on the primary in ${region}`
    : `rotated with the multi-Region key in ${region} (rotation is shared)`;
}

const DAY = 86_400_000;
/** How long past its date an automatic rotation may take before the logs' silence is worth a word. */
export const ROTATION_GRACE_DAYS = 2;

export interface ScheduleFacts {
  rotationEnabled: boolean | null;
  rotationPeriodDays: number | null;
  /** The latest Enable/DisableKeyRotation: with a period, it was an EnableKeyRotation. */
  rotationChangedAt: string | null;
  /** The last automatic rotation (an on-demand one does not move the schedule). */
  lastAutoRotated: string | null;
}

/**
 * When KMS should next rotate a key automatically, as the logs tell it, and whether that date is
 * more than ROTATION_GRACE_DAYS past at `asOf` with no automatic rotation logged since (`late`).
 * KMS rotates `rotationPeriodDays` after automatic rotation is turned on, then every period after
 * each automatic rotation; on-demand rotations do not move that schedule (AWS KMS developer guide,
 * "Rotate AWS KMS keys"). The date counts from the later of the last automatic rotation and the latest
 * EnableKeyRotation: a period changed on a key that was already rotating may count from its last
 * rotation instead, so the true date is no later than this one, and `late` is never said too early.
 * Null without a period or anything to count from.
 */
export function nextAutoRotation(k: ScheduleFacts, asOf: number): { expected: string; late: boolean } | null {
  if (k.rotationEnabled !== true || !k.rotationPeriodDays) return null;
  const from = Math.max(...[k.lastAutoRotated, k.rotationChangedAt].filter((t): t is string => !!t).map(Date.parse));
  if (!Number.isFinite(from)) return null;
  const expected = from + k.rotationPeriodDays * DAY;
  return { expected: new Date(expected).toISOString(), late: asOf > expected + ROTATION_GRACE_DAYS * DAY };
}
