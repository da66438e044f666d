import { describe, expect, it } from 'vitest';
import { canvasRatio, MAX_CANVAS_SIDE } from './canvas-size';

describe('canvasRatio', () => {
  it('keeps the asked ratio while the canvas fits', () => {
    expect(canvasRatio(1352, 1630, 2)).toBe(2);
    expect(canvasRatio(8192, 100, 2)).toBe(2);
  });

  it('scales a panel down so its longest side is the largest a browser draws', () => {
    // A 12,000 px tall table at 2x would be 24,000 px: drawn at 16,384 / 12,000 instead.
    const r = canvasRatio(1352, 12_000, 2);
    expect(Math.round(12_000 * r)).toBe(MAX_CANVAS_SIDE);
    expect(Math.round(1352 * r)).toBeLessThan(MAX_CANVAS_SIDE);
  });
});
