/**
 * Pure helpers of the vector SVG export (vector-svg.ts): which computed styles become SVG
 * presentation attributes, in forms that Inkscape, Illustrator, Word and PDF converters read
 * (hex colours with a separate opacity, unitless lengths), so the file needs no CSS, no classes
 * and no `var(--…)`. DOM-free: the computed style comes in as a getter.
 */

/** Painted by every shape and text (inherited in CSS, so written on each element that draws). */
const PAINT = ['fill', 'stroke'] as const;
const SHAPE_PROPS = [
  'fill-opacity',
  'stroke-opacity',
  'stroke-width',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'fill-rule',
  'visibility',
] as const;
export const TEXT_PROPS = [
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
] as const;
/** Every property this module may write: a clone's own attributes of these names are dropped first. */
export const INLINED_PROPS: readonly string[] = [...PAINT, ...SHAPE_PROPS, ...TEXT_PROPS, 'opacity'];

const DRAWING = new Set(['path', 'rect', 'line', 'polyline', 'polygon', 'circle', 'ellipse']);
const TEXT = new Set(['text', 'tspan', 'textPath']);

export interface SvgColor {
  hex: string;
  alpha: number;
}

/** `rgb(…)`/`rgba(…)` (comma or space syntax) and `transparent` as hex and alpha; null for other forms. */
export function parseRgb(css: string): SvgColor | null {
  const s = css.trim().toLowerCase();
  if (s === 'transparent') return { hex: '#000000', alpha: 0 };
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*(?:[,/]\s*([\d.]+%?)\s*)?\)$/.exec(s);
  if (!m) return null;
  const hex = `#${[m[1], m[2], m[3]]
    .map((v) =>
      Math.round(Math.min(255, Number(v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
  const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number(m[4].slice(0, -1)) / 100 : Number(m[4]);
  return { hex, alpha: Math.max(0, Math.min(1, a)) };
}

/** `11px` → `11`, `3px, 3px` → `3, 3`: SVG 1.1 user units, which every reader takes. */
export function unitless(v: string): string {
  return v.replace(/(-?\d*\.?\d+)px\b/g, '$1');
}

const round = (n: number) => String(Math.round(n * 1000) / 1000);

/**
 * The presentation attributes an SVG element needs to look as it does on screen without CSS.
 * `get` reads its computed style; `color` turns any CSS colour into hex and alpha (the browser
 * side resolves oklch() and the like). Containers get only their own (non-inherited) opacity:
 * inherited paint is written on each shape and text, so nothing depends on a parent.
 */
export function presentationAttributes(
  tag: string,
  get: (prop: string) => string,
  color: (css: string) => SvgColor | null,
): Record<string, string> {
  const out: Record<string, string> = {};
  const opacity = Number(get('opacity') || '1');
  if (opacity < 1) out.opacity = round(opacity);
  const isText = TEXT.has(tag);
  if (!DRAWING.has(tag) && !isText) return out;
  for (const p of PAINT) {
    const v = get(p).trim();
    const c = v && v !== 'none' && !v.startsWith('url(') ? color(v) : null;
    if (!v || v === 'none' || (c && c.alpha === 0)) out[p] = 'none';
    else if (!c)
      out[p] = v.replace(/"/g, "'"); // url(#gradient): kept as it is, ids travel with the clone
    else {
      out[p] = c.hex;
      const own = Number(get(`${p}-opacity`) || '1');
      if (c.alpha * own < 1) out[`${p}-opacity`] = round(c.alpha * own);
    }
  }
  for (const p of SHAPE_PROPS) {
    if (p in out) continue;
    const v = get(p).trim();
    if (!v || v === 'normal' || (p.endsWith('-opacity') && v === '1') || (p === 'stroke-dasharray' && v === 'none')) continue;
    if (p === 'visibility' && v === 'visible') continue;
    out[p] = unitless(v);
  }
  if (isText)
    for (const p of TEXT_PROPS) {
      const v = get(p).trim();
      if (!v || v === 'auto' || (v === 'normal' && p !== 'font-weight')) continue;
      out[p] = p === 'font-family' ? v.replace(/"/g, "'") : unitless(v);
    }
  return out;
}

export interface WordBox {
  text: string;
  left: number;
  top: number;
  bottom: number;
}

/** Words of a wrapped text, in order, gathered into the lines the browser laid them out on. */
export function wordsToLines(words: WordBox[]): WordBox[] {
  const lines: WordBox[] = [];
  for (const w of words) {
    const last = lines.at(-1);
    // Same line: overlapping vertically (a line box is taller than the gap between lines).
    if (last && w.top < last.bottom - 1 && w.bottom > last.top + 1) {
      last.text += ` ${w.text}`;
      last.top = Math.min(last.top, w.top);
      last.bottom = Math.max(last.bottom, w.bottom);
    } else lines.push({ ...w });
  }
  return lines;
}
