/**
 * The failures page's principal × key grid, laid out from failures_by_principal_key's rows (the
 * busiest pairs first). Only the busiest principals and keys get a row or a column, so a
 * principal's failures on keys without a column are added up in "Other keys": every row's cells
 * then add up to its total, and a row is never a line of blanks (its failures were all on keys
 * not shown). The total is the query's principalTotal, which counts the pairs its limit cut too.
 */
export interface PairCounts {
  principal: string;
  keyArn: string;
  count: number;
  principalTotal: number;
}

export interface GridRow<R> {
  principal: string;
  /** The row's cell per key column (undefined: no failures on that key). */
  cells: (R | undefined)[];
  /** Failures on keys without a column. */
  otherKeys: number;
  total: number;
}

/** How many principals (rows) and keys (columns) the grid shows: enough to read at half a page's width. */
export const GRID_PRINCIPALS = 20;
export const GRID_KEYS = 12;

export function principalKeyGrid<R extends PairCounts>(
  rows: readonly R[],
  maxPrincipals = GRID_PRINCIPALS,
  maxKeys = GRID_KEYS,
): { keys: string[]; rows: GridRow<R>[]; hasOtherKeys: boolean } {
  const principals = [...new Set(rows.map((r) => r.principal))].slice(0, maxPrincipals);
  const keys = [...new Set(rows.map((r) => r.keyArn))].slice(0, maxKeys);
  const cell = new Map(rows.map((r) => [`${r.principal}|${r.keyArn}`, r]));
  const total = new Map(rows.map((r) => [r.principal, r.principalTotal]));
  const out = principals.map((principal) => {
    const cells = keys.map((k) => cell.get(`${principal}|${k}`));
    const shown = cells.reduce((a, c) => a + (c?.count ?? 0), 0);
    const t = total.get(principal)!;
    return { principal, cells, otherKeys: t - shown, total: t };
  });
  return { keys, rows: out, hasOtherKeys: out.some((r) => r.otherKeys > 0) };
}
