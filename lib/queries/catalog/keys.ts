import { z } from 'zod';
import { partitionWindow } from '../../time';
import { defineQuery } from '../define';
import { Count, Iso, Window, windowArgs } from './shared';

export const keysOverview = defineQuery({
  name: 'keys_overview',
  file: 'keys/keys_overview.sql',
  params: Window,
  row: z.object({
    keyArn: z.string(),
    alias: z.string().nullable(),
    aliases: z.string().nullable(),
    accountId: z.string(),
    region: z.string(),
    calls: Count,
    errors: Count,
    principals: Count,
    lastUsed: Iso,
    lastCryptoUse: Iso.nullable(),
    /** Calls KMS answered NotFoundException: when all were, there may be no such key (a mistyped or probed id). */
    notFound: Count,
  }),
  // The window twice: the second pass reads ReEncrypt's destination keys.
  args: (p) => [...windowArgs(p), ...windowArgs(p)],
});

export const resolveKey = defineQuery({
  name: 'resolve_key',
  file: 'keys/resolve_key.sql',
  params: z.object({ ref: z.string().min(1) }),
  row: z.object({ keyArn: z.string(), lastSeen: Iso }),
  args: (p) => {
    // A bare name ("app-data", no ':' or '/') is also looked up as alias/<name>: what the pages show
    // of an alias, typed without its prefix, finds the key instead of failing.
    const alias = /(alias\/.+)$/.exec(p.ref)?.[1] ?? (/^[\w-]+$/.test(p.ref) ? `alias/${p.ref}` : p.ref);
    // A bare key id matches the ARN's tail; anything else only matches exactly.
    const suffix = /^(mrk-)?[0-9a-f-]{32,36}$/i.test(p.ref) ? `:key/${p.ref}` : null;
    // An alias ARN names the alias in one account and Region: only that account's keys there.
    const scope = /^(arn:[\w-]+:kms:[\w-]+:\d{12}:)alias\//.exec(p.ref)?.[1];
    const keys = scope ? `${scope}key/` : null;
    return [p.ref, suffix, alias, keys, keys];
  },
});

/** resolve_key over every event: for a reference the rollups do not know (yet: an ingest still running). */
export const resolveKeyInEvents = defineQuery({ ...resolveKey, name: 'resolve_key_in_events', file: 'keys/resolve_key_in_events.sql' });

export const keyAliases = defineQuery({
  name: 'key_aliases',
  file: 'keys/key_aliases.sql',
  params: z.object({ keyArn: z.string() }),
  row: z.object({ alias: z.string(), firstSeen: Iso, lastSeen: Iso, isCurrent: z.boolean() }),
  args: (p) => [p.keyArn, p.keyArn, p.keyArn],
});

/** A key's events over all the logs (count, first, last), for a key page whose range holds none. */
export const keySeen = defineQuery({
  name: 'key_seen',
  file: 'keys/key_seen.sql',
  params: z.object({ keyArn: z.string() }),
  row: z.object({ events: Count, firstSeen: Iso, lastSeen: Iso }),
  args: (p) => [p.keyArn],
});

/** Every key's current alias in one read of the alias rollup, for tables that show many keys. */
export const keyNames = defineQuery({
  name: 'key_names',
  file: 'keys/key_names.sql',
  params: z.object({}),
  row: z.object({ keyArn: z.string(), alias: z.string() }),
  args: () => [],
});

export const keyStatus = defineQuery({
  name: 'key_status',
  file: 'keys/key_status.sql',
  params: z.object({ to: z.date() }),
  row: z.object({
    keyArn: z.string(),
    rotationEnabled: z.boolean().nullable(),
    /** The event rotationEnabled rests on: turned on or off, or an automatic rotation (only while on). */
    rotationEvidence: z.enum(['EnableKeyRotation', 'DisableKeyRotation', 'RotateKey']).nullable(),
    rotationEvidenceAt: Iso.nullable(),
    /**
     * The key that event was logged on: the key itself, or for a multi-Region key, which shares its
     * rotation with every key of its account and key id, possibly its primary in another Region.
     */
    rotationEvidenceKeyArn: z.string().nullable(),
    /** The latest EnableKeyRotation or DisableKeyRotation, which may be older than the evidence. */
    rotationChangedAt: Iso.nullable(),
    rotationChangedBy: z.string().nullable(),
    rotationPeriodDays: z.coerce.number().int().nullable(),
    lastRotated: Iso.nullable(),
    /** The last automatic rotation (RotateKey, AUTOMATIC): what the automatic schedule counts from. */
    lastAutoRotated: Iso.nullable(),
    lastRotationType: z.string().nullable(),
    disabled: z.boolean(),
    pendingDeletion: z.boolean(),
    deletionDate: z.string().nullable(),
    deleted: z.boolean(),
    deletedAt: Iso.nullable(),
    /** Its key material deleted or expired (or never imported): unusable until ImportKeyMaterial. */
    pendingImport: z.boolean(),
    /** When the latest imported material expires (KEY_MATERIAL_EXPIRES: CloudTrail's text), else null. */
    materialValidTo: z.string().nullable(),
    unusableSince: Iso.nullable(),
    createdAt: Iso.nullable(),
    /** What CreateKey made (SYMMETRIC_DEFAULT, RSA_2048, HMAC_256…; AWS_KMS, EXTERNAL…); null without a CreateKey in the logs. */
    keySpec: z.string().nullable(),
    keyOrigin: z.string().nullable(),
    /** Successful calls only an asymmetric or HMAC key answers (Sign, Verify, GetPublicKey, GenerateMac…). */
    nonSymmetricCalls: Count,
    /** Its first event in the logs. */
    firstSeen: Iso,
    /** What it shares key material with: a multi-Region key's account and key id (its primary and replicas), else itself. */
    sharedKey: z.string(),
    /** Its events in the whole store that were not NotFoundException: none, and KMS never knew the key. */
    foundEvents: Count,
  }),
  args: (p) => [partitionWindow(p.to.getTime(), p.to.getTime())[1], p.to.toISOString(), p.to.toISOString()],
});

export const keyLifecycle = defineQuery({
  name: 'key_lifecycle',
  file: 'keys/key_lifecycle.sql',
  params: z.object({ keyArn: z.string(), to: z.date() }),
  row: z.object({
    /** NULL for a roll-up of grants an AWS service made or retired (`events` of them, `principal` the service). */
    eventId: z.string().nullable(),
    eventTime: Iso,
    /** The last of a roll-up; the event's own time otherwise. */
    lastTime: Iso,
    events: Count,
    eventName: z.string(),
    principal: z.string().nullable(),
    errorCode: z.string().nullable(),
    detail: z.string().nullable(),
    /** The key it was logged on: this one, or (a rotation change) its multi-Region primary in another Region. */
    keyArn: z.string(),
  }),
  args: (p) => [partitionWindow(p.to.getTime(), p.to.getTime())[1], p.to.toISOString(), p.keyArn, p.keyArn, p.keyArn, p.keyArn],
});

export const lifecycleChanges = defineQuery({
  name: 'lifecycle_changes',
  file: 'keys/lifecycle_changes.sql',
  params: z.object({ from: z.date(), to: z.date() }),
  row: z.object({
    /** NULL for a roll-up of grants an AWS service made or retired (as in key_lifecycle). */
    eventId: z.string().nullable(),
    eventTime: Iso,
    lastTime: Iso,
    events: Count,
    eventName: z.string(),
    keyArn: z.string().nullable(),
    principal: z.string().nullable(),
    errorCode: z.string().nullable(),
  }),
  args: (p) => {
    const [pf, pt] = partitionWindow(p.from.getTime(), p.to.getTime());
    return [pf, pt, p.from.toISOString(), p.to.toISOString()];
  },
});
