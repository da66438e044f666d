import 'server-only';
import { group } from 'd3-array';
import { z } from 'zod';
import type { RunOptions } from '../engines/types';
import * as Q from '../queries/catalog';
import { runQuery } from '../queries/define';
import { rotationShown } from '../aws-managed-key';
import { nextAutoRotation, rotationSupport } from '../rotation-support';
import type { ResolvedRange } from '../search-params';
import { comparedPeriod, keyNames, logsCoverSoFar, logsCoverStart } from './data';
import type { KeyNames } from '../key-names';
import { getStore } from './store';
import { deletionDateIso } from '../time';

const isPast = (iso: string | null, asOf: number) => iso !== null && Date.parse(iso) < asOf;

/** How near an expiry of key material is worth acting on first: the time to arrange a new import. */
const MATERIAL_EXPIRY_WARN_DAYS = 30;

/**
 * Rotation and lifecycle, for managers: what the logs prove about each key as
 * of the end of the range, with usage against the previous period.
 * `overdue`: the last rotation (or, never rotated, the key's creation) is older
 * than the threshold; with neither in the logs, a key whose rotation is off. A key that cannot
 * rotate automatically (asymmetric, HMAC, imported material, custom key store) is never overdue, nor
 * is an AWS managed key (AWS rotates it yearly; no one can act on it).
 * A multi-Region replica's material is its primary's (materialCreatedAt). A deleted key is never
 * overdue nor unused, and a key pending deletion never overdue: there is nothing left to rotate or
 * to clean up. Its rotation fields are what the logs said before its deletion.
 */
const ROTATION_OVERDUE_DAYS = z.coerce.number().int().min(1).default(365).parse(process.env.KEYTRAIL_ROTATION_OVERDUE_DAYS);
const DAY = 86_400_000;

/**
 * When each key's current key material was made, if the logs say: its CreateKey, or for a
 * multi-Region key the earliest CreateKey of its primary and replicas, which share their material
 * (a replica made last month holds its primary's years-old material). Unknown (absent) when the
 * key, or one of its group, was seen before that CreateKey: the material predates the logs.
 */
export function materialCreatedAt(rows: readonly { keyArn: string; sharedKey: string; createdAt: string | null; firstSeen: string }[]) {
  const groups = group(rows, (r) => r.sharedKey);
  const made = new Map<string, string>();
  for (const keys of groups.values()) {
    const created = keys.map((r) => r.createdAt).filter((t): t is string => t !== null);
    if (!created.length) continue;
    const first = Math.min(...created.map(Date.parse));
    if (keys.some((r) => Date.parse(r.firstSeen) < first)) continue;
    const at = created.find((t) => Date.parse(t) === first)!;
    for (const r of keys) made.set(r.keyArn, at);
  }
  return made;
}

type StatusRow = z.infer<typeof Q.keyStatus.row>;
type UsageRow = z.infer<typeof Q.keysOverview.row>;

/** What a key's row is made of: key_status's rows, keys_overview's (the range, the previous period), names. */
interface RowContext {
  status: ReadonlyMap<string, StatusRow>;
  usage: ReadonlyMap<string, UsageRow>;
  previous: ReadonlyMap<string, UsageRow>;
  names: KeyNames;
  materialMade: ReadonlyMap<string, string>;
  /** The instant the state is of, in ms. */
  asOf: number;
}

/** One key's rotation and lifecycle as the logs prove them, with its usage in the range. */
function rotationRow(keyArn: string, c: RowContext) {
  const s = c.status.get(keyArn);
  const u = c.usage.get(keyArn);
  const since = s?.lastRotated ?? c.materialMade.get(keyArn) ?? null;
  const daysSinceRotation = s?.lastRotated ? Math.floor((c.asOf - Date.parse(s.lastRotated)) / DAY) : null;
  const ageDays = since ? Math.floor((c.asOf - Date.parse(since)) / DAY) : null;
  const calls = u?.calls ?? 0;
  const disabled = s?.disabled ?? false;
  const pendingDeletion = s?.pendingDeletion ?? false;
  const pendingImport = s?.pendingImport ?? false;
  const deleted = s?.deleted ?? false;
  const materialExpires = pendingImport || deleted ? null : deletionDateIso(s?.materialValidTo ?? null);
  const alias = c.names.get(keyArn) ?? u?.alias ?? c.previous.get(keyArn)?.alias ?? null;
  // An AWS managed key's rotation is always on: KMS logs no setting for it, so the logs alone say nothing.
  const { awsManaged, rotationEnabled, rotationPeriodDays, offSinceCreation } = rotationShown(s, alias);
  // KMS rotates no key that is disabled, pending deletion or without its material: none is due.
  const next =
    deleted || pendingDeletion || disabled || pendingImport
      ? null
      : nextAutoRotation(
          {
            rotationEnabled,
            rotationPeriodDays,
            rotationChangedAt: s?.rotationChangedAt ?? null,
            lastAutoRotated: s?.lastAutoRotated ?? null,
          },
          c.asOf,
        );
  const support = rotationSupport({
    keySpec: s?.keySpec ?? null,
    keyOrigin: s?.keyOrigin ?? null,
    nonSymmetricCalls: s?.nonSymmetricCalls ?? 0,
    // Evidence that KMS took a setting, not the off every key starts with (an asymmetric key is "off" too).
    rotationEnabled: offSinceCreation ? null : rotationEnabled,
  });
  return {
    keyArn,
    alias,
    rotationEnabled,
    /** Off because the key was created in the logs and never turned on since (keys start with rotation off). */
    rotationOffSinceCreation: offSinceCreation,
    /** An AWS managed key (alias/aws/…): AWS rotates it every year and no one can change that. */
    awsManaged,
    /** Whether the key can rotate automatically at all (null: the logs do not say), and why not. */
    rotationSupported: support.supported,
    rotationUnsupportedReason: support.reason,
    keySpec: s?.keySpec ?? null,
    keyOrigin: s?.keyOrigin ?? null,
    /** What rotationEnabled rests on: EnableKeyRotation, DisableKeyRotation or an automatic RotateKey. */
    rotationEvidence: s?.rotationEvidence ?? null,
    rotationEvidenceAt: s?.rotationEvidenceAt ?? null,
    /** The key that evidence was logged on: this one, or its multi-Region primary (or a replica) in another Region. */
    rotationEvidenceKeyArn: s?.rotationEvidenceKeyArn ?? null,
    rotationChangedAt: s?.rotationChangedAt ?? null,
    rotationChangedBy: s?.rotationChangedBy ?? null,
    rotationPeriodDays,
    lastRotated: s?.lastRotated ?? null,
    lastRotationType: s?.lastRotationType ?? null,
    /**
     * When KMS should next rotate it automatically (null: rotation not on, or nothing to count from), and
     * whether that is over ROTATION_GRACE_DAYS past with no automatic rotation logged (a gap in the logs, or
     * rotation turned off where the logs do not reach). Not for a deleted key, nor one pending deletion.
     */
    nextRotationExpected: next?.expected ?? null,
    rotationLate: next?.late ?? false,
    daysSinceRotation,
    /** Days since its material was made, when the logs say (its last rotation, else its creation). */
    ageDays,
    createdAt: s?.createdAt ?? null,
    overdue:
      !deleted &&
      !pendingDeletion &&
      !awsManaged &&
      support.supported !== false &&
      (ageDays !== null ? ageDays > ROTATION_OVERDUE_DAYS : s?.rotationEnabled === false),
    pendingDeletion,
    deletionDate: s?.deletionDate ?? null,
    /**
     * Pending deletion, and its date has passed (as of the range's end) with no DeleteKey logged: KMS
     * deletes a key when its waiting period ends, so it is most likely gone and its DeleteKey missing.
     */
    deletionDatePassed: pendingDeletion && isPast(deletionDateIso(s?.deletionDate ?? null), c.asOf),
    /**
     * When its imported key material expires (ImportKeyMaterial's validTo): KMS deletes the material
     * then and every call fails until it is imported again. Not once it is gone or the key is.
     */
    materialExpires,
    /** Within MATERIAL_EXPIRY_WARN_DAYS of the range's end (or past it): among the keys to act on first. */
    materialExpiresSoon: materialExpires !== null && Date.parse(materialExpires) - c.asOf < MATERIAL_EXPIRY_WARN_DAYS * DAY,
    disabled,
    pendingImport,
    deleted,
    deletedAt: s?.deletedAt ?? null,
    calls,
    previousCalls: c.previous.get(keyArn)?.calls ?? 0,
    errors: u?.errors ?? 0,
    principals: u?.principals ?? 0,
    /**
     * Disabled, pending deletion, deleted or without its key material, yet a cryptographic call
     * (failed or not) came after it became so: someone depends on it. A deleted key's spell runs
     * on through its deletion, so a dependency until then stays visible. Calls before, and the
     * key's own management (DescribeKey, the change itself, a later deletion), do not count.
     */
    stillUsed:
      (disabled || pendingDeletion || pendingImport || deleted) &&
      !!u?.lastCryptoUse &&
      !!s?.unusableSince &&
      Date.parse(u.lastCryptoUse) > Date.parse(s.unusableSince),
    unused: calls === 0 && !deleted,
  };
}

export async function rotationSummary(r: ResolvedRange, opts?: RunOptions) {
  const { engine } = await getStore();
  // A range past now is compared with the same stretch of the previous period (kpisWithPrevious).
  const { prev, toDate } = comparedPeriod(r);
  const [status, cur, before, previousComplete, soFar, names] = await Promise.all([
    runQuery(engine, Q.keyStatus, { to: r.to }, opts),
    runQuery(engine, Q.keysOverview, { from: r.from, to: r.to }, opts),
    runQuery(engine, Q.keysOverview, prev, opts),
    logsCoverStart(prev, opts),
    logsCoverSoFar(r, opts),
    // A key unused in both periods still has a name (and an AWS managed key is known by it).
    keyNames(),
  ]);
  const usage = new Map(cur.rows.map((k) => [k.keyArn, k]));
  const previous = new Map(before.rows.map((k) => [k.keyArn, k]));
  const st = new Map(status.rows.map((s) => [s.keyArn, s]));
  const materialMade = materialCreatedAt(status.rows);
  // Ages as of the range's end, but never past now: a range typed into the future would age every key.
  const asOf = Math.min(r.to.getTime(), Date.now());
  // A key id KMS answered NotFoundException to every time it was named (a mistyped or probed id) is no
  // key: it has no rotation or lifecycle, and counting it made "no rotation evidence" of it.
  const notFoundKeys = status.rows.filter((s) => s.foundEvents === 0).map((s) => s.keyArn);
  const noSuchKey = new Set(notFoundKeys);
  const all = [...new Set([...st.keys(), ...usage.keys(), ...previous.keys()])].filter((k) => !noSuchKey.has(k)).sort();
  const ctx: RowContext = { status: st, usage, previous, names, materialMade, asOf };
  const keys = all.map((keyArn) => rotationRow(keyArn, ctx));
  // What a manager must act on first, then the busiest keys: an unusable key that is still called
  // breaks something soon; an overdue or unrotated key is a compliance finding. Deleted keys last:
  // history, unless something still called them.
  const rank = (k: (typeof keys)[number]) => {
    if (k.stillUsed) return 0;
    if (k.deleted) return 5;
    if (k.overdue || k.rotationLate || k.materialExpiresSoon) return 1;
    if (k.rotationEnabled === false) return 2;
    return k.disabled || k.pendingDeletion || k.pendingImport ? 3 : 4;
  };
  keys.sort((a, b) => rank(a) - rank(b) || b.calls - a.calls || a.keyArn.localeCompare(b.keyArn));
  /**
   * `previousComplete`: the logs cover the previous period's start, so its calls are a baseline.
   * `notFoundKeys`: key ids the logs name up to the range's end that KMS never found (not in `keys`).
   */
  /** `asOf`: the instant the state is of (the range's end, never past now). `previousToDate`: see comparedPeriod. */
  return {
    keys,
    notFoundKeys,
    overdueDays: ROTATION_OVERDUE_DAYS,
    previousRange: prev,
    previousToDate: toDate,
    previousComplete,
    /** The logs reach the range's end (or now, for one past now): else its calls are not the whole range's. */
    rangeEndLogged: soFar,
    asOf: new Date(asOf),
  };
}

/** Usage fields a key page's state does not read: keyStateNow leaves them out rather than guess them. */
type UsageFields = 'calls' | 'previousCalls' | 'errors' | 'principals' | 'unused';
export type KeyState = Omit<ReturnType<typeof rotationRow>, UsageFields>;

/**
 * One key's state at the range's end, for its page: rotationSummary's row without its usage. Its
 * calls matter only to `stillUsed`, so the range's keys_overview pass (~200 ms at 10M events) runs
 * only for a key out of use; key_status reads a rollup (a few ms). `alias`: the key's current one as
 * its page read it, used when the shared names (keyNames: cached a minute, empty when it failed) lack
 * it, since an alias is what makes a key AWS managed. Null: no such key (KMS never found it) or none
 * seen by then.
 */
export async function keyStateNow(
  keyArn: string,
  r: ResolvedRange,
  { alias, ...opts }: RunOptions & { alias?: string | null } = {},
): Promise<{ state: KeyState; asOf: Date } | null> {
  const { engine } = await getStore();
  const [status, names] = await Promise.all([runQuery(engine, Q.keyStatus, { to: r.to }, opts), keyNames()]);
  const s = status.rows.find((x) => x.keyArn === keyArn);
  if (!s || s.foundEvents === 0) return null;
  const outOfUse = s.disabled || s.pendingDeletion || s.pendingImport || s.deleted;
  const usage = outOfUse ? (await runQuery(engine, Q.keysOverview, { from: r.from, to: r.to }, opts)).rows : [];
  const asOf = Math.min(r.to.getTime(), Date.now());
  const ctx: RowContext = {
    status: new Map([[keyArn, s]]),
    usage: new Map(usage.filter((u) => u.keyArn === keyArn).map((u) => [u.keyArn, u])),
    previous: new Map(),
    names: alias && !names.get(keyArn) ? new Map([...names, [keyArn, alias]]) : names,
    materialMade: materialCreatedAt(status.rows),
    asOf,
  };
  const { calls, previousCalls, errors, principals, unused, ...state } = rotationRow(keyArn, ctx);
  void [calls, previousCalls, errors, principals, unused]; // left out on purpose (KeyState)
  return { state, asOf: new Date(asOf) };
}

export async function keyLifecycle(keyArn: string, to: Date, opts?: RunOptions) {
  const { engine } = await getStore();
  return (await runQuery(engine, Q.keyLifecycle, { keyArn, to }, opts)).rows;
}

export async function lifecycleChanges(r: ResolvedRange, opts?: RunOptions) {
  const { engine } = await getStore();
  return (await runQuery(engine, Q.lifecycleChanges, { from: r.from, to: r.to }, opts)).rows;
}
