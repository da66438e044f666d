'use client';

import { imageFooterLines, wrapLine } from '@/lib/export/image-footer';
import type { Provenance } from '@/lib/export/provenance';
import { INLINED_PROPS, parseRgb, presentationAttributes, wordsToLines, type SvgColor, type WordBox } from './svg-style';

/**
 * A panel as a real vector SVG: shapes and <text>, with every style written as a presentation
 * attribute, so Inkscape, Illustrator, Word, PDF converters and <img> draw it (html-to-image's
 * SVG wraps HTML in a <foreignObject>, which they draw blank or wrong). A Recharts chart's own
 * <svg> is cloned with its computed styles inlined; the HTML around it (the chart's legend,
 * captions, and grids of plain boxes such as the heatmap) is drawn as rects and text at the
 * places the browser laid them out. Text from the data goes in as text nodes, never as markup.
 */

const NS = 'http://www.w3.org/2000/svg';
const PAD = 16;
const FOOTER_FONT = 10;
const FOOTER_LINE = 13.5;
/** A monospace glyph is ~0.6 em wide; a little more, so a wide font still fits the width. */
const FOOTER_CHAR = FOOTER_FONT * 0.62;
/** Below a text's line box to its baseline, as a share of the font size (typical sans descent). */
const DESCENT = 0.22;

/** Whether a panel can be drawn as vectors: a Recharts chart, or a grid marked data-export-svg="boxes". */
export function canDrawAsVectors(node: HTMLElement): boolean {
  return node.querySelector('.recharts-wrapper > svg.recharts-surface, [data-export-svg="boxes"]') !== null;
}

/** CSS colours (oklch() from Tailwind included) as sRGB hex and alpha, through a 1×1 canvas. */
function colorConverter(): (css: string) => SvgColor | null {
  const cache = new Map<string, SvgColor | null>();
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  return (css) => {
    if (cache.has(css)) return cache.get(css)!;
    let c = parseRgb(css);
    if (!c && ctx && CSS.supports('color', css)) {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      c = parseRgb(`rgba(${r}, ${g}, ${b}, ${a / 255})`);
    }
    cache.set(css, c);
    return c;
  };
}

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text; // a text node: escaped when serialised
  return e;
}

/** A Recharts <svg> cloned with its computed styles as attributes: no class, style or var() left. */
function inlineChart(src: SVGSVGElement, color: (css: string) => SvgColor | null): SVGSVGElement {
  const clone = src.cloneNode(true) as SVGSVGElement;
  const originals = [src, ...src.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  const drop: Element[] = [];
  originals.forEach((o, i) => {
    const c = copies[i];
    const cs = getComputedStyle(o);
    // The hover cursor is not part of the chart; foreignObject is what this export avoids.
    if (cs.display === 'none' || o.matches('.recharts-tooltip-cursor, foreignObject')) return void drop.push(c);
    const attrs = presentationAttributes(c.localName, (p) => cs.getPropertyValue(p), color);
    for (const p of INLINED_PROPS) c.removeAttribute(p);
    for (const a of [...c.attributes])
      if (['class', 'style', 'tabindex', 'role'].includes(a.name) || a.name.startsWith('on') || a.value.includes('var('))
        c.removeAttribute(a.name);
    for (const [k, v] of Object.entries(attrs)) c.setAttribute(k, v);
    // A bar is a <path> outlining a rectangle: written as the <rect> it is, which every tool edits as one.
    if (o.matches('.recharts-bar-rectangle path') && o instanceof SVGGraphicsElement) {
      const b = o.getBBox();
      const rect = el('rect', { x: b.x, y: b.y, width: b.width, height: b.height });
      for (const a of [...c.attributes]) if (a.name !== 'd' && a.name !== 'radius') rect.setAttribute(a.name, a.value);
      c.replaceWith(rect);
    }
  });
  for (const d of drop) d.remove();
  return clone;
}

interface Walk {
  origin: DOMRect;
  out: SVGGElement;
  color: (css: string) => SvgColor | null;
}

function skipped(e: Element, cs: CSSStyleDeclaration): boolean {
  if (cs.display === 'none' || cs.visibility === 'hidden') return true;
  // Screen controls, the panel's own header (drawn above from the export's title) and the tooltip.
  if (e.matches('[data-export-menu], [data-export-hide], [data-panel-header], [data-export-footer], .recharts-tooltip-wrapper'))
    return true;
  // Screen-reader-only text (a 1 px box that clips what it holds) is not part of the picture. A
  // zero-size box that lets its content overflow (inside Recharts' ResponsiveContainer) is.
  const r = e.getBoundingClientRect();
  const clips = cs.overflow !== 'visible' || cs.clipPath !== 'none' || (cs.clip !== 'auto' && cs.clip !== '');
  return r.width <= 1 && r.height <= 1 && clips;
}

function paintAttrs(css: string, opacity: number, w: Walk, prop = 'fill'): Record<string, string> | null {
  const c = w.color(css);
  if (!c || c.alpha * opacity === 0) return null;
  const a = c.alpha * opacity;
  return { [prop]: c.hex, ...(a < 1 ? { [`${prop}-opacity`]: String(Math.round(a * 1000) / 1000) } : {}) };
}

function drawText(node: Text, cs: CSSStyleDeclaration, opacity: number, w: Walk): void {
  const data = node.data;
  const first = data.search(/\S/);
  if (first < 0) return;
  const last = data.length - data.match(/\s*$/)![0].length;
  const range = document.createRange();
  range.setStart(node, first);
  range.setEnd(node, last);
  const rects = [...range.getClientRects()].filter((r) => r.width > 0);
  if (!rects.length) return;
  let lines: WordBox[];
  if (rects.length === 1)
    lines = [{ text: data.slice(first, last).replace(/\s+/g, ' '), left: rects[0].left, top: rects[0].top, bottom: rects[0].bottom }];
  else {
    // Wrapped: each word where the browser put it, gathered into lines.
    const words: WordBox[] = [];
    for (const m of data.matchAll(/\S+/g)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const r = range.getBoundingClientRect();
      words.push({ text: m[0], left: r.left, top: r.top, bottom: r.bottom });
    }
    lines = wordsToLines(words);
  }
  const fill = paintAttrs(cs.color, opacity, w);
  if (!fill) return;
  const size = parseFloat(cs.fontSize);
  for (const l of lines)
    w.out.appendChild(
      el(
        'text',
        {
          x: round(l.left - w.origin.left),
          y: round(l.bottom - w.origin.top - DESCENT * size),
          'font-family': cs.fontFamily.replace(/"/g, "'"),
          'font-size': size,
          'font-weight': cs.fontWeight,
          ...fill,
        },
        l.text,
      ),
    );
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Draws an element's subtree: backgrounds as rects, text as text, charts as inlined clones. */
function walk(e: Element, parentOpacity: number, w: Walk, isRoot = false): void {
  const cs = getComputedStyle(e);
  if (!isRoot && skipped(e, cs)) return;
  const opacity = parentOpacity * Number(cs.opacity || '1');
  const r = e.getBoundingClientRect();
  const at = { x: round(r.left - w.origin.left), y: round(r.top - w.origin.top), width: round(r.width), height: round(r.height) };
  if (e instanceof SVGSVGElement) {
    const item = e.closest('.recharts-legend-item');
    if (item) {
      // A legend entry's icon, as a swatch in the series' colour.
      const icon = e.querySelector('.recharts-legend-icon') ?? e;
      const fill = paintAttrs(getComputedStyle(icon).fill, opacity, w) ?? paintAttrs(cs.color, opacity, w);
      if (fill) w.out.appendChild(el('rect', { ...at, ...fill }));
    } else if (e.matches('.recharts-wrapper > svg')) {
      const chart = inlineChart(e, w.color);
      for (const [k, v] of Object.entries(at)) chart.setAttribute(k, String(v));
      if (opacity < 1) chart.setAttribute('opacity', String(opacity));
      w.out.appendChild(chart);
    }
    return; // other inline icons are decoration
  }
  if (!isRoot && r.width > 0 && r.height > 0) {
    const fill = paintAttrs(cs.backgroundColor, opacity, w);
    const rx = parseFloat(cs.borderTopLeftRadius) || 0;
    if (fill) w.out.appendChild(el('rect', { ...at, ...(rx ? { rx: Math.min(rx, r.width / 2, r.height / 2) } : {}), ...fill }));
  }
  for (const child of e.childNodes) {
    if (child instanceof Text) drawText(child, cs, opacity, w);
    else if (child instanceof Element) walk(child, opacity, w);
  }
}

/** The panel (laid out as for the PNG) as a standalone vector SVG document, with the export's title, range and short footer. */
export function vectorSvg(node: HTMLElement, meta: Provenance, background: string): string {
  const color = colorConverter();
  const box = node.getBoundingClientRect();
  const width = Math.ceil(box.width);
  const ink = parseRgb(getComputedStyle(node).color) ?? color(getComputedStyle(node).color) ?? { hex: '#111827', alpha: 1 };
  const font = getComputedStyle(node).fontFamily.replace(/"/g, "'");
  // The serialiser writes the namespace declaration itself (an xmlns set as an attribute would be written twice).
  const svg = el('svg', { version: '1.1', width }) as SVGSVGElement;
  svg.appendChild(el('title', {}, `${meta.title} · ${meta.range.from} → ${meta.range.to} (UTC)`));
  const bg = el('rect', { x: 0, y: 0, width, height: 0, ...(paintAttrs(background, 1, { color } as Walk) ?? { fill: '#ffffff' }) });
  svg.appendChild(bg);
  const text = { 'font-family': font, fill: ink.hex };
  svg.appendChild(el('text', { id: 'export-title', x: PAD, y: PAD + 14, 'font-size': 14, 'font-weight': 600, ...text }, meta.title));
  svg.appendChild(
    el(
      'text',
      { id: 'export-range', x: PAD, y: PAD + 32, 'font-size': 11, ...text, 'fill-opacity': 0.75 },
      `${meta.range.from} → ${meta.range.to} (UTC)`,
    ),
  );
  const headerBottom = PAD + 42;

  // The body: everything under the panel's header row, in place, moved up or down under the title.
  const header = node.querySelector<HTMLElement>('[data-panel-header]');
  const bodyTop = header ? header.getBoundingClientRect().bottom - box.top + 8 : PAD;
  const body = el('g', { id: 'export-body', transform: `translate(0 ${round(headerBottom - bodyTop)})` }) as SVGGElement;
  walk(node, 1, { origin: box, out: body, color }, true);
  svg.appendChild(body);
  const bodyBottom = headerBottom - bodyTop + box.height - PAD;

  // The footer: short provenance, wrapped to the width (SVG text does not wrap).
  const lines = imageFooterLines(meta).flatMap((l) => wrapLine(l, (width - 2 * PAD) / FOOTER_CHAR));
  const footer = el('g', {
    id: 'export-footer',
    'font-family': 'ui-monospace, Menlo, Consolas, monospace',
    'font-size': FOOTER_FONT,
    fill: ink.hex,
  });
  const top = bodyBottom + 12;
  footer.appendChild(
    el('line', { x1: PAD, x2: width - PAD, y1: top, y2: top, stroke: ink.hex, 'stroke-opacity': 0.35, 'stroke-width': 1 }),
  );
  lines.forEach((l, i) => footer.appendChild(el('text', { x: PAD, y: round(top + 8 + FOOTER_LINE * (i + 0.8)) }, l)));
  svg.appendChild(footer);
  const height = Math.ceil(top + 8 + FOOTER_LINE * lines.length + PAD / 2);
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  bg.setAttribute('height', String(height));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}`;
}
