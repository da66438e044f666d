/**
 * Who a key policy lets in from outside the key's account, read from the policy document a
 * PutKeyPolicy, CreateKey or ReplicateKey (for the new replica) sent (CloudTrail logs it in
 * requestParameters.policy). A key policy is
 * the only gate a KMS key has: an Allow for another account, or for everyone, is the classic
 * backdoor and the first thing an analyst checks after a policy change.
 *
 * Only Allow statements are read. Deny statements and conditions other than those naming the
 * caller's account or organisation are not weighed, so the answer errs towards reporting.
 */
export interface PolicyAccess {
  /** An Allow for any AWS principal ("*", or NotPrincipal) not held to named accounts or an organisation. */
  everyone: boolean;
  /** Other accounts an Allow names, as principals or as the caller's account in a condition; sorted. */
  accounts: string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: Json | undefined): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

const ACCOUNT_ARN = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}|\*):/;
/** The account a principal (or a condition's value) names: an ARN's, or a bare account id; '*' for anyone. */
function accountOf(principal: string): string | null {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return principal;
  return ACCOUNT_ARN.exec(principal)?.[1] ?? null;
}

/** Condition keys that hold a wildcard principal to accounts (values are account ids or ARNs). */
const ACCOUNT_KEYS = new Set(['kms:calleraccount', 'aws:principalaccount', 'aws:sourceaccount', 'aws:principalarn']);
/** Condition keys that hold it to an AWS Organizations organisation or its paths. */
const ORG_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths']);

/** Keys a request can lack: `…IfExists` and `ForAllValues:` pass when the key is absent, so hold nobody. */
const MAYBE_ABSENT = new Set(['aws:sourceaccount', 'aws:principalorgid', 'aws:principalorgpaths']);

/**
 * Condition operators that hold a key to the values listed: the equality and pattern matches, with
 * or without a ForAnyValue/ForAllValues prefix or an IfExists suffix. A negated operator
 * (StringNotEquals: "anyone but this account") lets in everyone else, and Null tests only whether
 * the key is there, so neither holds anyone to an account.
 */
const HOLDING_OPERATOR =
  /^(?:foranyvalue:|forallvalues:)?(?:stringequals|stringequalsignorecase|stringlike|arnequals|arnlike)(?:ifexists)?$/;

/** Whether a condition operator, on this key, holds the callers to the values it names. */
function holds(operator: string, key: string): boolean {
  const op = operator.toLowerCase();
  if (!HOLDING_OPERATOR.test(op)) return false;
  return !(MAYBE_ABSENT.has(key) && (op.endsWith('ifexists') || op.startsWith('forallvalues:')));
}

/** The accounts a statement's conditions hold its callers to, 'org' for an organisation, or null for none. */
function conditionScope(condition: Json | undefined): string[] | 'org' | null {
  if (!isObject(condition)) return null;
  let accounts: string[] | null = null;
  let org = false;
  for (const [operator, block] of Object.entries(condition)) {
    if (!isObject(block)) continue;
    for (const [key, value] of Object.entries(block)) {
      const k = key.toLowerCase();
      if (!holds(operator, k)) continue;
      if (ORG_KEYS.has(k)) org = true;
      if (!ACCOUNT_KEYS.has(k)) continue;
      // A pattern's account, when it names one ("arn:aws:iam::111122223333:role/*"); a pattern such
      // as "*" or "1111*" (StringLike) holds nobody to an account.
      const named = strings(value).map((v) => accountOf(v) ?? '*');
      accounts = [...(accounts ?? []), ...named];
    }
  }
  return accounts ?? (org ? 'org' : null);
}

/** Who the policy lets in from outside `keyAccount`; null when the text is not a policy document. */
export function policyAccess(policyText: string, keyAccount: string | null): PolicyAccess | null {
  let doc: Json;
  try {
    doc = JSON.parse(policyText) as Json;
  } catch {
    return null;
  }
  if (!isObject(doc) || doc.Statement === undefined) return null;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  let everyone = false;
  const accounts = new Set<string>();
  for (const st of statements) {
    if (!isObject(st) || st.Effect !== 'Allow') continue;
    // Allow with NotPrincipal allows every principal but those listed.
    const named =
      st.NotPrincipal !== undefined ? ['*'] : st.Principal === '*' ? ['*'] : isObject(st.Principal) ? strings(st.Principal.AWS) : [];
    const scope = conditionScope(st.Condition);
    for (const p of named) {
      const account = accountOf(p);
      if (account !== '*') {
        if (account) accounts.add(account);
        continue;
      }
      if (scope === 'org') continue;
      if (scope === null || scope.includes('*')) everyone = true;
      else for (const a of scope) accounts.add(a);
    }
  }
  if (keyAccount) accounts.delete(keyAccount);
  accounts.delete('*');
  return { everyone, accounts: [...accounts].sort() };
}

/** The finding's words for what a policy opens, or null when it opens nothing outside the account. */
export function describePolicyAccess(a: PolicyAccess | null): string | null {
  if (!a) return null;
  const parts: string[] = [];
  if (a.everyone)
    parts.push('lets any AWS principal in (an Allow for Principal "*" not held to an account or organisation by a condition)');
  if (a.accounts.length) parts.push(`gives other accounts access: ${a.accounts.join(', ')}`);
  return parts.length ? parts.join('; and ') : null;
}
