import { describe, expect, it } from 'vitest';
import { countAxis } from './count-axis';

describe('countAxis', () => {
  it.each([
    // max, expected ticks: round steps, the top the first tick at or above the tallest bar
    [560, [0, 100, 200, 300, 400, 500, 600]],
    [220, [0, 50, 100, 150, 200, 250]],
    [153, [0, 50, 100, 150, 200]],
    [100, [0, 20, 40, 60, 80, 100]],
    [12_345, [0, 2_000, 4_000, 6_000, 8_000, 10_000, 12_000, 14_000]],
    [7, [0, 1, 2, 3, 4, 5, 6, 7]],
    [3, [0, 1, 2, 3]],
    [1, [0, 1]],
  ])('max %d → %j', (max, expected) => {
    const a = countAxis(max);
    expect(a.ticks).toEqual(expected);
    expect(a.domain).toEqual([0, expected[expected.length - 1]]);
    expect(a.domain[1]).toBeGreaterThanOrEqual(max);
  });

  it('an empty chart still gets an axis', () => {
    expect(countAxis(0)).toEqual({ domain: [0, 1], ticks: [0, 1] });
    expect(countAxis(Number.NaN)).toEqual({ domain: [0, 1], ticks: [0, 1] });
  });
});
