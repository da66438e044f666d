'use client';

import { toPng, toSvg } from 'html-to-image';

/** Provenance as sent by /api/export (the `meta` object). */
export interface ExportMeta {
  title: string;
  range: { from: string; to: string };
  filters: Record<string, string>;
  engine: string;
  queries: { name: string; sql: string; parameters: unknown[]; queryExecutionId?: string; dataScannedBytes?: number }[];
  generatedAt: string;
  keytrailVersion: string;
}

export function exportUrl(panel: string, format: 'csv' | 'json', params: Record<string, string>): string {
  const q = new URLSearchParams(window.location.search);
  for (const k of ['kq', 'kaccount', 'kregion', 'ksort', 'kdir', 'kpage', 'cursor', 'sort']) q.delete(k);
  for (const [k, v] of Object.entries(params)) q.set(k, v);
  q.set('format', format);
  return `/api/export/${panel}?${q.toString()}`;
}

/** The provenance footer drawn under a chart or table in PNG and SVG exports. */
function footer(meta: ExportMeta): HTMLElement {
  const el = document.createElement('div');
  el.setAttribute('data-export-footer', '');
  el.style.cssText =
    'margin-top:12px;padding-top:8px;border-top:1px solid #999;font:10px/1.35 ui-monospace,monospace;color:#333;background:#fff;white-space:pre-wrap;word-break:break-all';
  const lines = [
    `${meta.title} · ${meta.range.from} → ${meta.range.to} (UTC)`,
    `Filters: ${
      Object.entries(meta.filters)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || 'none'
    } · engine: ${meta.engine}`,
    ...meta.queries.map(
      (q) =>
        `Query ${q.name}${q.queryExecutionId ? ` (Athena ${q.queryExecutionId}, ${q.dataScannedBytes ?? 0} bytes scanned)` : ''}\n` +
        `  parameters: ${JSON.stringify(q.parameters)}\n  sql: ${q.sql.replace(/\s+/g, ' ').trim()}`,
    ),
    `Generated ${meta.generatedAt} by KeyTrail ${meta.keytrailVersion}`,
  ];
  el.textContent = lines.join('\n'); // text, never HTML
  return el;
}

/** Renders a panel with its provenance footer to PNG and SVG (data URLs). */
export async function capture(node: HTMLElement, meta: ExportMeta): Promise<{ png: string; svg: string }> {
  const f = footer(meta);
  node.appendChild(f);
  const opts = {
    backgroundColor: '#ffffff',
    // The export menus themselves are not part of the evidence.
    filter: (n: Node) => !(n instanceof HTMLElement && n.dataset.exportMenu !== undefined),
    pixelRatio: 2,
  };
  try {
    return { png: await toPng(node, opts), svg: await toSvg(node, opts) };
  } finally {
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
