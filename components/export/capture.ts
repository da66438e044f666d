'use client';

import { toSvg } from 'html-to-image';
import { canvasRatio } from '@/lib/export/canvas-size';
import { capturedStyle } from './captured-style';
import { imageFooterLines, shownPart } from '@/lib/export/image-footer';
import type { SvgKind } from '@/lib/export/evidence-manifest';
import type { Provenance } from '@/lib/export/provenance';
import { canDrawAsVectors, vectorSvg } from './vector-svg';

/** Provenance as sent by /api/export (the `meta` object). */
export type ExportMeta = Provenance;

export type { SvgKind };

/** What a panel's SVG export will be: vectors, or its HTML in a <foreignObject> (a table). */
export function svgKindOf(node: HTMLElement): SvgKind {
  return canDrawAsVectors(node) ? 'vector' : 'html';
}

export function exportUrl(panel: string, format: 'csv' | 'json', params: Record<string, string>): string {
  const q = new URLSearchParams(window.location.search);
  // The keys table's filter (kq, kaccount, kregion) stays: its export holds the rows shown. Sorting and
  // paging do not change which rows there are.
  for (const k of ['ksort', 'kdir', 'kpage', 'cursor', 'sort']) q.delete(k);
  // The range the panels on screen were computed for (range-picker.tsx), not a preset resolved
  // again now: the image and its CSV, JSON and provenance must describe the same instants.
  const shown = document.querySelector<HTMLElement>('[data-range-from][data-range-to]');
  if (shown) {
    q.delete('range');
    q.set('from', shown.dataset.rangeFrom!);
    q.set('to', shown.dataset.rangeTo!);
  }
  for (const [k, v] of Object.entries(params)) q.set(k, v);
  q.set('format', format);
  return `/api/export/${panel}?${q.toString()}`;
}

/**
 * The view picked on screen that the image shows (data-export-shown, the heatmap's class toggles),
 * or null when it shows everything its query returned. Read by the single export and the evidence
 * pack alike, so both name it the same way.
 */
export function shownOf(node: HTMLElement): string | null {
  return node.querySelector<HTMLElement>('[data-export-shown]')?.dataset.exportShown ?? null;
}

/** The short provenance footer drawn under a chart or table in a PNG (and an HTML-in-SVG) export. */
function footer(meta: ExportMeta): HTMLElement {
  const el = document.createElement('div');
  el.setAttribute('data-export-footer', '');
  el.style.cssText =
    'margin-top:12px;padding-top:8px;border-top:1px solid #999;font:10px/1.35 ui-monospace,monospace;color:#333;background:#fff;white-space:pre-wrap;word-break:break-all';
  el.textContent = imageFooterLines(meta).join('\n'); // text, never HTML
  return el;
}

/** The colour behind a node: its own, or the nearest ancestor's that is not transparent. */
function backgroundOf(node: HTMLElement): string {
  for (let n: HTMLElement | null = node; n; n = n.parentElement) {
    const bg = getComputedStyle(n).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#ffffff';
}

/**
 * Evidence shows everything the panel holds, not the part the screen had room for: scrolled
 * areas (a wide heatmap, a long table) are laid out in full and cut text (an ARN ending in "…")
 * is shown whole. Returns what puts the page back as it was.
 */
function expandForCapture(node: HTMLElement): () => void {
  const saved: [HTMLElement, string, number, number][] = [];
  const set = (el: HTMLElement, css: string) => {
    saved.push([el, el.style.cssText, el.scrollLeft, el.scrollTop]);
    el.style.cssText += `;${css}`;
  };
  for (const el of [node, ...node.querySelectorAll<HTMLElement>('*')]) {
    // Screen-reader-only text (a 1 px box) stays hidden: it is not part of the picture.
    if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;
    const cs = getComputedStyle(el);
    // Cut text is shown whole, on its line: the column widens rather than the text wrapping.
    if (cs.textOverflow === 'ellipsis') set(el, 'overflow:visible;text-overflow:clip;max-width:none');
    else if (
      /(auto|scroll|hidden)/.test(cs.overflowX + cs.overflowY) &&
      (el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight)
    )
      set(el, 'overflow:visible;max-height:none');
  }
  // Wide content sets the panel's width: the image is as wide as what it shows.
  const width = Math.max(node.scrollWidth, ...[...node.querySelectorAll<HTMLElement>('table, svg')].map((t) => t.scrollWidth + 32));
  if (width > node.clientWidth) set(node, `width:${width}px;max-width:none`);
  return () => {
    // Styles first, then scroll positions (a scroll area must be one again before it can scroll).
    for (const [el, css] of saved.reverse()) el.style.cssText = css;
    for (const [el, , left, top] of saved) el.scrollTo(left, top);
  };
}

/**
 * Draws an SVG (a data URL) on a canvas `ratio` times its size, over `bg`, as PNG: what
 * html-to-image's toPng does after its own toSvg (scaled down, as it does, past a browser's largest
 * canvas), so one cloned copy of the panel serves both files.
 */
async function rasterize(svg: string, bg: string, ratio: number): Promise<string> {
  const img = new Image();
  img.src = svg;
  await img.decode();
  const canvas = document.createElement('canvas');
  const scale = canvasRatio(img.naturalWidth, img.naturalHeight, ratio);
  canvas.width = Math.floor(img.naturalWidth * scale);
  canvas.height = Math.floor(img.naturalHeight * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw the image');
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}

export type Captured = { png: string | null; svg: string | null; svgKind: SvgKind };

/**
 * Renders a panel with its provenance footer to PNG and SVG (data URLs; only the one asked for,
 * when one is), in the colours it is shown in: a dark-mode panel keeps its dark background, so its
 * light text stays readable. The SVG is real vectors where the panel can be drawn so (`vector`: a
 * chart, the heatmap); a table's SVG is its HTML inside a <foreignObject> (`html`), which some tools
 * do not draw.
 */
export async function capture(node: HTMLElement, queried: ExportMeta, want: 'png' | 'svg' | 'both' = 'both'): Promise<Captured> {
  // A view chosen on screen is named in the image's title.
  const meta = shownPart(queried, shownOf(node));
  const f = footer(meta);
  const bg = backgroundOf(node);
  f.style.background = bg;
  f.style.color = getComputedStyle(node).color;
  // Sized as the panel now is (expanded where it had to be).
  const opts = {
    backgroundColor: bg,
    // The export menus and other screen controls (data-export-hide) are not part of the evidence.
    filter: (n: Node) => !(n instanceof HTMLElement && (n.dataset.exportMenu !== undefined || n.dataset.exportHide !== undefined)),
    // Only the properties that change how a panel looks (cloning every computed property of every
    // node was most of an evidence pack's time).
    includeStyleProperties: capturedStyle(),
  };
  let restore = () => {};
  try {
    restore = expandForCapture(node);
    // Drawn from the layout before the HTML footer is added: the SVG writes its own, as text.
    const vector = canDrawAsVectors(node) ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(vectorSvg(node, meta, bg))}` : null;
    const svgKind: SvgKind = vector ? 'vector' : 'html';
    if (want === 'svg' && vector) return { png: null, svg: vector, svgKind };
    node.appendChild(f);
    // The panel as HTML in an SVG: the PNG is this drawn at twice its size, and a table's SVG is this.
    const html = await toSvg(node, opts);
    const png = want === 'svg' ? null : await rasterize(html, bg, 2);
    return { png, svg: want === 'png' ? null : (vector ?? html), svgKind };
  } finally {
    restore();
    f.remove();
  }
}

export function download(name: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function dataUrlBytes(url: string): Uint8Array {
  const i = url.indexOf(',');
  const head = url.slice(0, i);
  const body = url.slice(i + 1);
  if (head.endsWith(';base64')) return Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  return new TextEncoder().encode(decodeURIComponent(body));
}
