/**
 * The keys table's filter (URL params kq, kaccount, kregion), shared by the table and the keys
 * export, so an export of a filtered table holds the rows on screen.
 */
export interface KeysFilter {
  /** Text found in the key ARN or any alias it had (case-insensitive). */
  q?: string | null;
  account?: string | null;
  region?: string | null;
}

export function filterKeys<R extends { keyArn: string; aliases: string | null; accountId: string; region: string }>(
  rows: R[],
  f: KeysFilter,
): R[] {
  const needle = (f.q ?? '').trim().toLowerCase();
  return rows.filter(
    (r) =>
      (!needle || `${r.keyArn} ${r.aliases ?? ''}`.toLowerCase().includes(needle)) &&
      (!f.account || r.accountId === f.account) &&
      (!f.region || r.region === f.region),
  );
}
