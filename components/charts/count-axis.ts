import { nice, ticks } from 'd3-array';

/**
 * A count axis from 0 with round steps (1, 2 or 5 × 10ⁿ) that ends on a tick just above the
 * tallest bar. Recharts' own choice gave steps like 55 or a top of 1,000 for 560; evidence
 * charts are read by their gridlines.
 */
export function countAxis(max: number, count = 5): { domain: [number, number]; ticks: number[] } {
  if (!(max > 0)) return { domain: [0, 1], ticks: [0, 1] };
  const [, top] = nice(0, max, count);
  // Counts are whole: below 5 the steps would be fractions, so step by one.
  const t = top <= count ? Array.from({ length: Math.ceil(max) + 1 }, (_, i) => i) : ticks(0, top, count);
  return { domain: [0, t[t.length - 1]], ticks: t };
}
