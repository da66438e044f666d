import { describe, expect, it } from 'vitest';
import { athenaCostUsd } from './cost';

describe('athenaCostUsd', () => {
  it('charges at least 10 MB, rounds up to the MB, and nothing for a reused result', () => {
    expect(athenaCostUsd(0)).toBeCloseTo((10 / 2 ** 20) * 5, 12);
    expect(athenaCostUsd(11 * 2 ** 20 + 1)).toBeCloseTo((12 / 2 ** 20) * 5, 12);
    expect(athenaCostUsd(2 ** 40)).toBeCloseTo(5, 9);
    expect(athenaCostUsd(5 * 2 ** 40, true)).toBe(0);
  });
});
