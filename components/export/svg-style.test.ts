import { describe, expect, it } from 'vitest';
import { parseRgb, presentationAttributes, unitless, wordsToLines } from './svg-style';

/** A computed style as the browser gives it: every property has a value. */
const style =
  (own: Record<string, string>) =>
  (p: string): string =>
    own[p] ?? { opacity: '1', 'fill-opacity': '1', 'stroke-opacity': '1', 'stroke-dasharray': 'none', visibility: 'visible' }[p] ?? '';

describe('parseRgb', () => {
  it('reads rgb and rgba in comma and space syntax', () => {
    expect(parseRgb('rgb(37, 99, 235)')).toEqual({ hex: '#2563eb', alpha: 1 });
    expect(parseRgb('rgba(220, 38, 38, 0.45)')).toEqual({ hex: '#dc2626', alpha: 0.45 });
    expect(parseRgb('rgb(255 255 255 / 50%)')).toEqual({ hex: '#ffffff', alpha: 0.5 });
    expect(parseRgb('transparent')).toEqual({ hex: '#000000', alpha: 0 });
  });
  it('leaves other forms to the browser', () => {
    expect(parseRgb('oklch(55% 0.02 264)')).toBeNull();
    expect(parseRgb('var(--chart-op-1)')).toBeNull();
  });
});

describe('unitless', () => {
  it('drops px from lengths and lists', () => {
    expect(unitless('11px')).toBe('11');
    expect(unitless('3px, 3px')).toBe('3, 3');
    expect(unitless('0.5px')).toBe('0.5');
    expect(unitless('bold')).toBe('bold');
  });
});

describe('presentationAttributes', () => {
  it("writes a bar's resolved colour as hex, its alpha and its own fill-opacity folded into fill-opacity", () => {
    const a = presentationAttributes('path', style({ fill: 'rgba(37, 99, 235, 0.5)', 'fill-opacity': '0.45', stroke: 'none' }), parseRgb);
    expect(a).toEqual({ fill: '#2563eb', 'fill-opacity': '0.225', stroke: 'none' });
  });

  it('gives text its font, size, weight and anchor, in unitless form, and no var() anywhere', () => {
    const a = presentationAttributes(
      'text',
      style({
        fill: 'rgb(107, 114, 128)',
        stroke: 'none',
        'font-family': '"Geist", ui-sans-serif, sans-serif',
        'font-size': '11px',
        'font-weight': '400',
        'text-anchor': 'middle',
        'dominant-baseline': 'auto',
        'letter-spacing': 'normal',
      }),
      parseRgb,
    );
    expect(a).toEqual({
      fill: '#6b7280',
      stroke: 'none',
      'font-family': "'Geist', ui-sans-serif, sans-serif",
      'font-size': '11',
      'font-weight': '400',
      'text-anchor': 'middle',
    });
    expect(JSON.stringify(a)).not.toContain('var(');
  });

  it("keeps a grid line's stroke, width and dashes", () => {
    const a = presentationAttributes(
      'line',
      style({ fill: 'none', stroke: 'rgb(229, 231, 235)', 'stroke-width': '1px', 'stroke-dasharray': '3px, 3px' }),
      parseRgb,
    );
    expect(a).toEqual({ fill: 'none', stroke: '#e5e7eb', 'stroke-width': '1', 'stroke-dasharray': '3, 3' });
  });

  it('writes only opacity on a container, and nothing when it is 1', () => {
    expect(presentationAttributes('g', style({ fill: 'rgb(0, 0, 0)', opacity: '0.5' }), parseRgb)).toEqual({ opacity: '0.5' });
    expect(presentationAttributes('g', style({ fill: 'rgb(0, 0, 0)' }), parseRgb)).toEqual({});
  });

  it('turns a fully transparent paint into none, and uses the converter for other colour forms', () => {
    const oklch = (c: string) => (c.startsWith('oklch') ? { hex: '#111827', alpha: 1 } : parseRgb(c));
    expect(presentationAttributes('rect', style({ fill: 'rgba(0, 0, 0, 0)', stroke: 'oklch(21% 0.03 265)' }), oklch)).toEqual({
      fill: 'none',
      stroke: '#111827',
    });
  });
});

describe('wordsToLines', () => {
  it('gathers the words of a wrapped text into its lines', () => {
    const w = (text: string, left: number, top: number) => ({ text, left, top, bottom: top + 14 });
    expect(wordsToLines([w('Lighter', 0, 0), w('bars:', 50, 0), w('buckets', 0, 16), w('the', 55, 16.5)])).toEqual([
      { text: 'Lighter bars:', left: 0, top: 0, bottom: 14 },
      { text: 'buckets the', left: 0, top: 16, bottom: 30.5 },
    ]);
  });
});
