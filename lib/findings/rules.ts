import type { Engine, RunOptions } from '../engines/types';
import { keyFilter, principalFilter } from '../drill-filters';
import * as Q from '../queries/catalog';
import { runQuery } from '../queries/define';
import { fmtDeletionDate } from '../format';
import type { FindingsConfig } from './config';
import type { Finding, RuleId, Severity } from './rule-ids';
import { describePolicyAccess, policyAccess } from './key-policy';
import { findSpikes } from './spike';
import { panelMessage } from '../panel-message';
import { keyInText, NO_KEY_NAMES, readKeyNames, type KeyNames } from '../key-names';

export { RULES, SEVERITIES, type Finding, type RuleId, type Severity } from './rule-ids';

export interface RuleWindow {
  from: Date;
  to: Date;
}

const plus1s = (iso: string) => new Date(Date.parse(iso) + 1000).toISOString();
const known = (k: string | null) => (k && !k.startsWith('(') ? k : null);
const ev = (o: Record<string, string | null | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));

/** A finding over a span of events by one principal on one key; its evidence is that span. */
function spanFinding(
  rule: RuleId,
  severity: Severity,
  r: { keyArn: string | null; principal: string | null; firstSeen: string; lastSeen: string },
  count: number,
  explanation: string,
  filters: Record<string, string | null> = {},
): Finding {
  const keyArn = known(r.keyArn);
  return {
    rule,
    severity,
    keyArn,
    principal: r.principal,
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
    count,
    explanation,
    // Events that name no key (or no principal) are their own filter: without it the span would
    // show every key's (every principal's), and "(unknown)" as a principal would match nothing.
    evidence: ev({
      ...keyFilter(keyArn),
      ...principalFilter(r.principal),
      ...filters,
      from: r.firstSeen,
      to: plus1s(r.lastSeen),
    }),
  };
}

/** `names` names keys in explanations by their alias; the evidence filters keep the full ARN. */
type Rule = (engine: Engine, w: RuleWindow, c: FindingsConfig, opts?: RunOptions, names?: KeyNames) => Promise<Finding[]>;

/**
 * A burst of one class of failure by one principal on one key (failure_burst.sql): the AccessDenied
 * and the integrity rules differ only in the class, the threshold and the words.
 */
function burstRule(
  rule: RuleId,
  burstClass: (typeof Q.BURST_CLASSES)[number],
  threshold: (c: FindingsConfig) => number,
  what: string,
  why: string,
): Rule {
  return async (e, w, c, opts, names = NO_KEY_NAMES) =>
    (
      await runQuery(e, Q.failureBurst, { ...w, burstClass, windowSeconds: c.burstWindowMinutes * 60, threshold: threshold(c) }, opts)
    ).rows.map((r) =>
      spanFinding(
        rule,
        'high',
        r,
        r.total,
        `${r.peak} ${what} within ${c.burstWindowMinutes} minutes on ${keyInText(known(r.keyArn), names)} (threshold ${threshold(c)}): ${why}`,
        { errorClass: burstClass },
      ),
    );
}

/**
 * How much of the baseline the logs must cover before a call for it to count as new: all of it,
 * less a day (at most half of it) for a trail whose first event came a little after the baseline
 * began.
 */
function baselineQuietMs(baselineDays: number): number {
  const baseline = baselineDays * 86_400_000;
  return baseline - Math.min(86_400_000, baseline / 2);
}

/** How far back the secret-sweep rule looks for earlier reads of a secret (at least the baseline). */
export const SWEEP_LOOKBACK_DAYS = 45;

const RISK: Record<string, { severity: Severity; why: string }> = {
  ScheduleKeyDeletion: { severity: 'high', why: 'scheduled the key for deletion; data encrypted under it becomes unrecoverable' },
  DisableKey: { severity: 'high', why: 'disabled the key; every call that needs it now fails' },
  DeleteImportedKeyMaterial: {
    severity: 'high',
    why: 'deleted imported key material; the key is unusable until it is imported again (unless it was new material awaiting an on-demand rotation)',
  },
  CreateGrant: { severity: 'high', why: 'granted use of the key to a principal in another account' },
  PutKeyPolicy: { severity: 'medium', why: 'replaced the key policy, which decides who may use and manage the key' },
  CreateKey: { severity: 'high', why: 'created a key with its own key policy' },
  ReplicateKey: { severity: 'high', why: 'created a replica of the key with a key policy of its own' },
  DisableKeyRotation: { severity: 'medium', why: 'turned off automatic rotation' },
};

export const rules: Record<RuleId, Rule> = {
  'denial-burst': burstRule(
    'denial-burst',
    'access-denied',
    (c) => c.burstThreshold,
    'AccessDenied',
    'someone is trying to use a key they may not.',
  ),

  'integrity-burst': burstRule(
    'integrity-burst',
    'integrity',
    (c) => c.integrityBurstThreshold,
    'integrity failures (ciphertext, signature or MAC rejected)',
    'tampered data, forged signatures, or someone probing the key.',
  ),

  'secret-sweep': async (e, w, c, opts, names = NO_KEY_NAMES) => {
    // "Read before" looks back a month and a half at least: a monthly rotation reads every secret it
    // rotates again after 30 days, and against a 14-day baseline each run was a new harvest.
    const lookbackDays = Math.max(c.baselineDays, SWEEP_LOOKBACK_DAYS);
    const baselineFrom = new Date(w.from.getTime() - lookbackDays * 86_400_000);
    const params = { ...w, baselineFrom, windowSeconds: c.burstWindowMinutes * 60, minItems: c.sweepThreshold };
    const quiet = baselineQuietMs(c.baselineDays);
    return (await runQuery(e, Q.secretSweep, params, opts)).rows.map((r) => {
      // Without a baseline of logs every secret is "new": still worth a look, with less certainty.
      const baseline = Date.parse(r.firstSeen) - Date.parse(r.dataStart) >= quiet;
      const where = r.keyArn ? ` under ${keyInText(r.keyArn, names)}` : '';
      const finding = spanFinding(
        'secret-sweep',
        baseline ? 'high' : 'medium',
        r,
        // The count is the Decrypt calls the drill-down lists (re-reads and failures included); the text counts secrets.
        r.calls,
        `${r.peak} Secrets Manager secrets or SSM parameters decrypted${where} within ${c.burstWindowMinutes} minutes ` +
          `(threshold ${c.sweepThreshold}; ${r.total} in all, in ${r.calls} Decrypt calls), none of them read by this principal ` +
          (baseline
            ? `earlier in the range or in the ${Math.min(lookbackDays, Math.floor((Date.parse(r.firstSeen) - Date.parse(r.dataStart)) / 86_400_000))} days before it: how credential harvesting looks.`
            : `since the logs begin (${r.dataStart.slice(0, 10)}, less than the ${c.baselineDays}-day baseline): credential harvesting, or a first deployment.`),
        { eventName: 'Decrypt' },
      );
      // No key here means several (secrets under one key, parameters under another), not calls that
      // name none: the evidence is every key's, or it would open an empty list (noKey).
      if (!r.keyArn) delete finding.evidence.noKey;
      return finding;
    });
  },

  'risky-change': async (e, w, _c, opts) =>
    (await runQuery(e, Q.riskyChanges, w, opts)).rows.flatMap((r) => {
      // What a new policy lets in from outside the key's account (PutKeyPolicy, CreateKey, ReplicateKey:
      // a replica is in its primary's account).
      const opens = r.policy === null ? null : describePolicyAccess(policyAccess(r.policy, r.keyArn?.split(':')[4] ?? null));
      // A new key, or a new replica, whose policy opens nothing outside its account is routine.
      if ((r.eventName === 'CreateKey' || r.eventName === 'ReplicateKey') && !opens) return [];
      const why =
        r.eventName === 'ReplicateKey' && r.replicaRegion
          ? `created a replica of the key in ${r.replicaRegion} with a key policy of its own`
          : (RISK[r.eventName]?.why ?? 'a risky change');
      const finding: Finding = {
        rule: 'risky-change',
        severity: opens ? 'high' : (RISK[r.eventName]?.severity ?? 'medium'),
        keyArn: r.keyArn,
        principal: r.principal,
        firstSeen: r.eventTime,
        lastSeen: r.eventTime,
        count: 1,
        explanation:
          `${r.eventName}: ${why}` +
          (opens ? `; the new policy ${opens}` : '') +
          (r.grantee ? ` (grantee ${r.grantee})` : '') +
          (r.deletionDate ? ` (deletion date ${fmtDeletionDate(r.deletionDate)})` : '') +
          '.',
        evidence: ev({ key: r.keyArn, eventName: r.eventName, from: r.eventTime, to: plus1s(r.eventTime) }),
      };
      return [finding];
    }),

  'new-principal': async (e, w, c, opts, names = NO_KEY_NAMES) => {
    const baselineFrom = new Date(w.from.getTime() - c.baselineDays * 86_400_000);
    const quiet = baselineQuietMs(c.baselineDays);
    const rows = (await runQuery(e, Q.newPrincipals, { ...w, baselineFrom }, opts)).rows;
    // In a trail's first days every caller is "new": only a baseline of logs without it counts.
    return rows
      .filter((r) => Date.parse(r.firstSeen) - Date.parse(r.dataStart) >= quiet)
      .map((r) =>
        spanFinding(
          'new-principal',
          'low',
          r,
          r.calls,
          `First call to ${keyInText(r.keyArn, names)} by this principal; it made none in the ${c.baselineDays} days before the range.`,
        ),
      );
  },

  'cross-account': async (e, w, _c, opts, names = NO_KEY_NAMES) =>
    (await runQuery(e, Q.crossAccount, w, opts)).rows.map((r) =>
      spanFinding(
        'cross-account',
        'medium',
        r,
        r.calls,
        `Account ${r.callerAccount} called ${keyInText(r.keyArn, names)}, a key of account ${r.keyArn.split(':')[4]} (${r.errors} of ${r.calls} calls failed).`,
      ),
    ),

  'root-use': async (e, w, _c, opts) =>
    (await runQuery(e, Q.rootUse, w, opts)).rows.map((r) =>
      spanFinding(
        'root-use',
        'high',
        r,
        r.calls,
        `The account's root user called KMS (${r.operations}); root should not be used for day-to-day work.`,
      ),
    ),

  'usage-spike': async (e, w, c, opts) => {
    const baselineFrom = new Date(w.from.getTime() - c.baselineDays * 86_400_000);
    const counts = (await runQuery(e, Q.hourlyCalls, { ...w, baselineFrom }, opts)).rows;
    return findSpikes(counts, { baselineFrom, ...w, z: c.spikeZ, minCalls: c.spikeMinCalls }).map((s) => {
      const z = Number.isFinite(s.z) ? s.z.toFixed(1) : '∞';
      // The drill-down lists every call in the span, failed ones too: say how many of those there are.
      const failed = s.failed ? ` (and ${s.failed} failed calls)` : '';
      return {
        rule: 'usage-spike',
        severity: 'medium',
        keyArn: s.keyArn,
        principal: null,
        firstSeen: s.from,
        lastSeen: s.to,
        count: s.calls,
        explanation:
          s.hours === 1
            ? `${s.calls} calls in one hour${failed} against a usual ${s.median} at this hour of day (robust z-score ${z}).`
            : `${s.calls} calls over ${s.hours} hours in a row${failed}, up to ${s.peak} in one hour against a usual ${s.median} at that hour of day (robust z-score ${z}): a new level of use, or a long bulk job.`,
        evidence: ev({ key: s.keyArn, from: s.from, to: s.to }),
      };
    });
  },

  'unusable-key': async (e, w, _c, opts) =>
    (await runQuery(e, Q.unusableKeyCalls, w, opts)).rows.map((r) =>
      spanFinding(
        'unusable-key',
        'medium',
        r,
        r.calls,
        `${r.calls} calls failed with ${r.errorCode}: this principal still depends on a key that is disabled, being deleted or without its key material.`,
        // One operation: the drill-down lists exactly these calls (not the key's management that failed the same way).
        { errorCode: r.errorCode, eventName: r.operation },
      ),
    ),

  'logging-gap': async (e, w, c, opts) => {
    const params = {
      ...w,
      minGapSeconds: c.gapHours * 3600,
      // A source silent since before the range began is found from its last event in the baseline.
      lookbackFrom: new Date(w.from.getTime() - c.baselineDays * 86_400_000),
    };
    // A range that ends in the future: the silence ends now, not then.
    const end = new Date(Math.min(w.to.getTime(), Date.now()));
    return Q.closeGaps((await runQuery(e, Q.loggingGaps, params, opts)).rows, end, params.minGapSeconds).map((r) => ({
      rule: 'logging-gap',
      severity: 'medium',
      keyArn: null,
      principal: null,
      firstSeen: r.gapStart,
      lastSeen: r.gapEnd,
      count: Math.floor(r.hours),
      explanation: `No KMS events from account ${r.account} in ${r.region} for ${Math.floor(r.hours)} hours: the trail may have stopped or begun excluding KMS events.`,
      evidence: ev({
        account: r.account,
        region: r.region,
        from: new Date(Date.parse(r.gapStart) - 3_600_000).toISOString(),
        to: plus1s(r.gapEnd),
      }),
    }));
  },
};

const RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** Runs every rule; a failing rule is reported, and the others still answer. */
export async function runFindings(engine: Engine, w: RuleWindow, c: FindingsConfig, opts?: RunOptions) {
  // Read once for every rule (one pass over the alias rollup); without it keys go by their id.
  const names = await readKeyNames(engine, opts).catch(() => NO_KEY_NAMES);
  const results = await Promise.all(
    (Object.keys(rules) as RuleId[]).map(async (id) => {
      try {
        return { id, findings: await rules[id](engine, w, c, opts, names), error: null };
      } catch (e) {
        // Shown to every reader (the findings page, the report, the export's warnings): redacted, and
        // an internal failure only summarised, as a panel's is.
        return { id, findings: [] as Finding[], error: panelMessage(e) };
      }
    }),
  );
  const findings = results
    .flatMap((r) => r.findings)
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.lastSeen.localeCompare(a.lastSeen));
  return { findings, errors: results.filter((r) => r.error).map((r) => ({ rule: r.id, error: r.error! })) };
}
