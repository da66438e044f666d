import { describe, expect, it } from 'vitest';
import { principalKeyGrid } from './principal-key-grid';

/**
 * Rows as failures_by_principal_key returns them (busiest pair first), written by hand. With two
 * key columns shown (k1, k2): alice has 5 + 2 on them and 1 on k3; bob has all his 3 on k3 and
 * k4, which get no column; carol's 4 other failures, one on each of k5–k8, were cut by the query's
 * limit of 6 pairs (ties in count go by principal), so only her principalTotal (6) knows them.
 */
const ROWS = [
  { principal: 'alice', keyArn: 'k1', count: 5, principalTotal: 8 },
  { principal: 'carol', keyArn: 'k2', count: 2, principalTotal: 6 },
  { principal: 'alice', keyArn: 'k2', count: 2, principalTotal: 8 },
  { principal: 'bob', keyArn: 'k3', count: 2, principalTotal: 3 },
  { principal: 'alice', keyArn: 'k3', count: 1, principalTotal: 8 },
  { principal: 'bob', keyArn: 'k4', count: 1, principalTotal: 3 },
];

describe('principalKeyGrid', () => {
  const grid = principalKeyGrid(ROWS, 10, 2);

  it('shows the busiest keys as columns and adds the rest up in "Other keys"', () => {
    expect(grid.keys).toEqual(['k1', 'k2']);
    expect(grid.hasOtherKeys).toBe(true);
    expect(grid.rows.map((r) => [r.principal, r.cells.map((c) => c?.count ?? 0), r.otherKeys, r.total])).toEqual([
      ['alice', [5, 2], 1, 8],
      ['carol', [0, 2], 4, 6],
      // Before "Other keys", bob's row was blank: both his keys are outside the columns.
      ['bob', [0, 0], 3, 3],
    ]);
  });

  it("makes every row's cells add up to its total", () => {
    for (const r of grid.rows) expect(r.cells.reduce((a, c) => a + (c?.count ?? 0), 0) + r.otherKeys).toBe(r.total);
  });

  it('needs no "Other keys" when every key has a column', () => {
    const all = principalKeyGrid(
      ROWS.filter((r) => r.principal === 'alice'),
      10,
      3,
    );
    expect(all.hasOtherKeys).toBe(false);
    expect(all.rows[0].otherKeys).toBe(0);
  });

  it('keeps the busiest principals as rows', () => {
    expect(principalKeyGrid(ROWS, 2, 2).rows.map((r) => r.principal)).toEqual(['alice', 'carol']);
  });
});
