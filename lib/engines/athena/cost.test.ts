import { describe, expect, it } from 'vitest';
import type { QueryStats } from '../types';
import { athenaCostUsd, formatCost, NO_COST, sumCostSummaries, summarizeAthenaCost, type CostSummary } from './cost';

const MB = 2 ** 20;
const MIN = athenaCostUsd(0); // 10 MB at $5/TB

describe('athenaCostUsd', () => {
  it('charges at least 10 MB, rounds up to the MB, and nothing for a reused result', () => {
    expect(athenaCostUsd(0)).toBeCloseTo((10 / 2 ** 20) * 5, 12);
    expect(athenaCostUsd(11 * 2 ** 20 + 1)).toBeCloseTo((12 / 2 ** 20) * 5, 12);
    expect(athenaCostUsd(2 ** 40)).toBeCloseTo(5, 9);
    expect(athenaCostUsd(5 * 2 ** 40, true)).toBe(0);
  });
});

const athena = (bytes: number, ms: number, id: string, reused = false): QueryStats => ({
  engine: 'athena',
  elapsedMs: ms,
  queryExecutionId: id,
  dataScannedBytes: bytes,
  reusedResult: reused,
});

describe('summarizeAthenaCost (one panel)', () => {
  it('sums bytes, cost (each query rounded and charged its minimum), time, reuse and ids', () => {
    const c = summarizeAthenaCost([athena(1, 100, 'q-1'), athena(20 * MB + 1, 250, 'q-2'), athena(500 * MB, 5, 'q-1', true)]);
    expect(c).toEqual({ queries: 3, bytes: 520 * MB + 2, usd: expect.any(Number), ms: 355, reused: 1, ids: ['q-1', 'q-2', 'q-1'] });
    expect(c?.usd).toBeCloseTo(MIN + athenaCostUsd(21 * MB), 15);
  });

  it('is null when nothing ran on Athena: the embedded engine costs nothing and shows no line', () => {
    expect(summarizeAthenaCost([])).toBeNull();
    expect(summarizeAthenaCost([{ engine: 'duckdb', elapsedMs: 3 }])).toBeNull();
  });

  it('counts a query with no statistics as scanning nothing (but still the 10 MB minimum)', () => {
    expect(summarizeAthenaCost([{ engine: 'athena', elapsedMs: 7 }])).toEqual({
      queries: 1,
      bytes: 0,
      usd: MIN,
      ms: 7,
      reused: 0,
      ids: [],
    });
  });
});

describe('sumCostSummaries (the page total)', () => {
  const a = summarizeAthenaCost([athena(30 * MB, 1200, 'q-1'), athena(0, 40, 'q-2', true)]) as CostSummary;
  const b = summarizeAthenaCost([athena(2 * MB, 800, 'q-3')]) as CostSummary;

  it('is every panel added up', () => {
    expect(sumCostSummaries([a, b])).toEqual({
      queries: 3,
      bytes: 32 * MB,
      usd: a.usd + b.usd,
      ms: 2040,
      reused: 1,
      ids: ['q-1', 'q-2', 'q-3'],
    });
  });

  it('equals one summary over all the queries (no double rounding or minimum)', () => {
    const all = summarizeAthenaCost([athena(30 * MB, 1200, 'q-1'), athena(0, 40, 'q-2', true), athena(2 * MB, 800, 'q-3')]);
    expect(sumCostSummaries([a, b])).toEqual({ ...all, usd: expect.closeTo(all?.usd ?? NaN, 15) });
  });

  it('is zero for no panels, and takes any iterable (the page keeps a Map)', () => {
    expect(sumCostSummaries([])).toEqual(NO_COST);
    expect(sumCostSummaries(new Map([['p1', a]]).values())).toEqual(a);
  });
});

describe('formatCost', () => {
  it('words a summary the same way for a panel and a page', () => {
    expect(formatCost({ queries: 2, bytes: 12.5 * MB, usd: 0.000123456, ms: 4210, reused: 1, ids: ['x'] })).toBe(
      '2 queries · 12.5 MB scanned · est. $0.00012 · 4.2 s · 1 reused',
    );
    expect(formatCost({ ...NO_COST, queries: 1 })).toBe('1 query · 0.0 MB scanned · est. $0.00000 · 0.0 s · 0 reused');
  });
});
