/** Display helpers shared by server and client components. All times are shown in UTC. */
export const fmtInt = (n: number) => n.toLocaleString('en-US');

export function fmtPct(num: number, den: number): string {
  if (!den) return '—';
  const p = (num / den) * 100;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}

/** 2026-11-28 17:53 UTC */
export function fmtUtc(iso: string | Date | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const s = (typeof iso === 'string' ? new Date(iso) : iso).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, withSeconds ? 19 : 16)} UTC`;
}

/** The short, human part of an ARN: `key/1234…`, `role/Admin`, `user/alice`. */
export function shortArn(arn: string | null): string {
  if (!arn) return '—';
  const m = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:(.+)$/.exec(arn);
  return m ? m[1] : arn;
}
