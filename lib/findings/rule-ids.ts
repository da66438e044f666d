/** Rule names and severities, shared by the server (rules.ts) and client filters. */
export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RULES = {
  'denial-burst': 'Burst of AccessDenied',
  'integrity-burst': 'Burst of integrity failures',
  'secret-sweep': 'Many secrets read at once',
  'risky-change': 'Destructive or risky change',
  'new-principal': 'New principal on a key',
  'cross-account': 'Cross-account use',
  'root-use': 'Root used KMS',
  'usage-spike': 'Usage spike',
  'unusable-key': 'Calls to a disabled or deleting key',
  'logging-gap': 'Gap in KMS logging',
} as const;
export type RuleId = keyof typeof RULES;

/** A finding: what happened, how bad, and the filter that opens exactly the events behind it. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  keyArn: string | null;
  principal: string | null;
  firstSeen: string;
  lastSeen: string;
  count: number;
  explanation: string;
  /** Events-page filters that select exactly the events behind the finding (with from/to). */
  evidence: Record<string, string>;
}
