import { describe, expect, it } from 'vitest';
import { heatmapMove } from './heatmap-move';

// Cells with failures, in reading order: Mon 3h and 20h, Wed 5h, Sun 0h.
const linked = ['1:3', '1:20', '3:5', '7:0'];

describe('heatmapMove', () => {
  it('walks Left and Right in reading order, across rows, and stops at the ends', () => {
    expect(heatmapMove(linked, '1:3', 'ArrowRight')).toBe('1:20');
    expect(heatmapMove(linked, '1:20', 'ArrowRight')).toBe('3:5');
    expect(heatmapMove(linked, '3:5', 'ArrowLeft')).toBe('1:20');
    expect(heatmapMove(linked, '7:0', 'ArrowRight')).toBeNull();
    expect(heatmapMove(linked, '1:3', 'ArrowLeft')).toBeNull();
  });

  it('moves Up and Down to the nearest hour on the closest weekday that has failures, skipping empty ones', () => {
    // Tuesday has none: Down from Monday lands on Wednesday.
    expect(heatmapMove(linked, '1:3', 'ArrowDown')).toBe('3:5');
    expect(heatmapMove(linked, '1:20', 'ArrowDown')).toBe('3:5');
    expect(heatmapMove(linked, '3:5', 'ArrowUp')).toBe('1:3');
    expect(heatmapMove(linked, '3:5', 'ArrowDown')).toBe('7:0');
    expect(heatmapMove(linked, '7:0', 'ArrowDown')).toBeNull();
    expect(heatmapMove(linked, '1:20', 'ArrowUp')).toBeNull();
  });

  it('Home and End go to the first and last cell; other keys do nothing', () => {
    expect(heatmapMove(linked, '3:5', 'Home')).toBe('1:3');
    expect(heatmapMove(linked, '3:5', 'End')).toBe('7:0');
    expect(heatmapMove(linked, '3:5', 'Enter')).toBeNull();
    expect(heatmapMove(linked, '3:5', 'a')).toBeNull();
  });
});
