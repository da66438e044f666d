/** Display helpers shared by server and client components. All times are shown in UTC. */
import { deletionDateIso } from './time';
export const fmtInt = (n: number) => n.toLocaleString('en-US');

/**
 * A share as a percentage. Rounding never reaches 0% or 100% unless the share is exactly that:
 * "100%" of calls with a context, when two had none, would be a false statement in evidence.
 */
export function fmtPct(num: number, den: number): string {
  if (!den) return '—';
  const p = (num / den) * 100;
  if (p > 0 && p < 0.1) return '<0.1%';
  if (p < 100 && p > 99.9) return '>99.9%';
  if (p > 99 && p < 100) return `${p.toFixed(1)}%`;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}

/** 2026-11-28 17:53 UTC */
export function fmtUtc(iso: string | Date | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const s = (typeof iso === 'string' ? new Date(iso) : iso).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, withSeconds ? 19 : 16)} UTC`;
}

/**
 * The short, human part of an ARN: `key/1234…`, `role/Admin`, `user/alice`. An IAM role or
 * user with a path (`role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_…`) shows as
 * `role/<name>`: the name is unique in its account whatever the path, and it is the part a
 * person reads (a long path would push it out of a table cell).
 */
export function shortArn(arn: string | null): string {
  if (!arn) return '—';
  const m = /^arn:[^:]+:([^:]+):[^:]*:[^:]*:(.+)$/.exec(arn);
  if (!m) return arn;
  const iamPath = m[1] === 'iam' ? /^(role|user|group)\/.+\/([^/]+)$/.exec(m[2]) : null;
  return iamPath ? `${iamPath[1]}/${iamPath[2]}` : m[2];
}

/**
 * Labels for a set of ARNs shown side by side (rows or columns of one chart): `short` of each,
 * and where two share a label (the same role name in two accounts, the same alias in two
 * regions) the account, region or both that tells them apart, so no two marks read the same.
 * A value that is not an ARN keeps its label; the full ARN stays in the mark's title.
 */
export function distinctArnLabels(arns: string[], short: (arn: string) => string): Map<string, string> {
  const byLabel = new Map<string, string[]>();
  for (const a of new Set(arns)) {
    const label = short(a);
    const group = byLabel.get(label);
    if (group) group.push(a);
    else byLabel.set(label, [a]);
  }
  const out = new Map<string, string>();
  for (const [label, group] of byLabel) {
    if (group.length === 1) {
      out.set(group[0], label);
      continue;
    }
    const parts = (a: string) => a.split(':');
    const account = (a: string) => parts(a)[4] ?? '';
    const region = (a: string) => parts(a)[3] ?? '';
    const qualifiers = [account, region, (a: string) => [region(a), account(a)].filter(Boolean).join(' ')];
    const q = qualifiers.find((f) => new Set(group.map(f)).size === group.length && group.every((a) => f(a)));
    for (const a of group) out.set(a, q ? `${label} (${q(a)})` : a);
  }
  return out;
}

/**
 * A delivery file as a reader names it: its S3 key from `AWSLogs/` on (what an auditor finds in
 * the bucket), not where this server keeps its copy; an S3 URI stays whole. Synced without the
 * `AWSLogs/` folder (`aws s3 sync s3://bucket/AWSLogs ./logs`), from the account (and organisation)
 * folder on; a file outside the layout shows by its name.
 */
export function deliveryFileLabel(file: string): string {
  if (file.startsWith('s3://')) return file;
  const parts = file.split(/[\\/]/);
  const logs = parts.lastIndexOf('AWSLogs');
  if (logs >= 0) return parts.slice(logs).join('/');
  const trail = parts.lastIndexOf('CloudTrail');
  if (trail >= 1 && /^[0-9]{12}$/.test(parts[trail - 1])) {
    const from = trail >= 2 && /^o-[a-z0-9]{10,32}$/.test(parts[trail - 2]) ? trail - 2 : trail - 1;
    return parts.slice(from).join('/');
  }
  return parts[parts.length - 1];
}

/** A key's deletion date as the pages show times (UTC); text it cannot read, as written. */
export function fmtDeletionDate(raw: string): string {
  const iso = deletionDateIso(raw);
  return iso ? fmtUtc(iso) : raw;
}

/**
 * Days (YYYY-MM-DD, ascending) as runs: "2026-09-09 → 2026-11-06 (59 days)" for consecutive days,
 * the day alone otherwise. A trail off for two months is one line, not 59 dates.
 */
export function daySpans(days: readonly string[]): string[] {
  const out: string[] = [];
  const DAY = 86_400_000;
  for (let i = 0; i < days.length;) {
    let j = i;
    while (j + 1 < days.length && Date.parse(days[j + 1]) - Date.parse(days[j]) === DAY) j++;
    out.push(j === i ? days[i] : `${days[i]} → ${days[j]} (${j - i + 1} days)`);
    i = j + 1;
  }
  return out;
}
