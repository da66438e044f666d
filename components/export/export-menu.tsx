'use client';

import { useEffect, useRef, useState } from 'react';
import { exportFileName } from '@/lib/export/file-name';
import { capture, download, exportUrl, svgKindOf, type ExportMeta, type SvgKind } from './capture';

/** The SVG item says what the file will be: a table's SVG is HTML inside, which some tools draw blank. */
const SVG_ITEM: Record<SvgKind, { label: string; title: string }> = {
  vector: { label: 'SVG', title: 'Vector SVG (shapes and text): opens in Inkscape, Illustrator, Word and PDF converters' },
  html: {
    label: 'SVG (HTML inside)',
    title:
      'This panel is HTML (a table): its SVG wraps that HTML in a <foreignObject>, which Inkscape, Illustrator, Word and some PDF converters draw blank. Use PNG, CSV or JSON there.',
  },
};

/**
 * A panel's export menu: PNG and SVG of exactly what is shown (with a short provenance
 * footer), and CSV and JSON of its rows (with full provenance), from the same URL state.
 */
export function ExportMenu({
  panel,
  title,
  targetId,
  params = {},
}: {
  panel: string;
  /** The panel's heading: what a screen reader hears the button export (not the panel's id). */
  title: string;
  targetId: string;
  params?: Record<string, string>;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Read from the panel when the menu opens: the same panel is a chart or a table ("Show as table").
  const [svgKind, setSvgKind] = useState<SvgKind>('vector');
  const menu = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  const pressing = useRef(false);
  const close = () => menu.current?.removeAttribute('open');
  // A choice made by keyboard leaves focus on the menu's button, not on the page's body.
  const closeToButton = () => {
    close();
    menu.current?.querySelector('summary')?.focus();
  };
  // The menu's keys: arrows (and Home, End) move between its items, from its button too.
  const onMenuKey = (e: React.KeyboardEvent<HTMLDetailsElement>) => {
    if (!open || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
    const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role=menuitem]')];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next =
      e.key === 'Home'
        ? 0
        : e.key === 'End'
          ? items.length - 1
          : e.key === 'ArrowDown'
            ? (at + 1) % items.length
            : (at - 1 + items.length) % items.length;
    e.preventDefault();
    items[at < 0 && e.key === 'ArrowUp' ? items.length - 1 : next]?.focus();
  };
  // A menu, not a disclosure: Escape closes it (focus back on its button), and so does a click
  // anywhere else, another panel's menu included, so at most one is open and none hides a panel.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      close();
      menu.current?.querySelector('summary')?.focus();
    };
    const onDown = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) close();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onDown);
    };
  }, [open]);
  const image = async (kind: 'png' | 'svg') => {
    closeToButton();
    setBusy(kind);
    setError(null);
    try {
      const res = await fetch(exportUrl(panel, 'json', params));
      if (!res.ok) throw new Error(((await res.json()) as { error?: string }).error ?? `HTTP ${res.status}`);
      const { meta } = (await res.json()) as { meta: ExportMeta };
      const node = document.getElementById(targetId);
      if (!node) throw new Error('nothing to capture');
      const out = await capture(node, meta, kind);
      download(exportFileName(panel, meta.generatedAt, kind, { key: params.key, principal: params.principal }), out[kind]!);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  const item = 'block w-full px-3 py-1.5 text-left text-sm hover:bg-gray-100 dark:hover:bg-gray-800';
  return (
    <div className="relative" data-export-menu="">
      <details
        ref={menu}
        className="relative"
        onKeyDown={onMenuKey}
        // Focus that leaves the menu (Tab past it, another panel's menu) closes it: none stays open over a panel.
        // (Not while a pointer presses inside: Safari does not focus a clicked button, and the menu
        // would close before its click.)
        onPointerDown={() => (pressing.current = true)}
        onPointerUp={() => setTimeout(() => (pressing.current = false))}
        onBlur={(e) => {
          if (!pressing.current && !e.currentTarget.contains(e.relatedTarget as Node | null)) close();
        }}
        onToggle={(e) => {
          setOpen(e.currentTarget.open);
          const node = document.getElementById(targetId);
          if (e.currentTarget.open && node) setSvgKind(svgKindOf(node));
        }}
      >
        <summary
          className="cursor-pointer list-none rounded px-2 py-0.5 text-xs ring-1 ring-gray-300 hover:bg-gray-50 dark:ring-gray-700 dark:hover:bg-gray-800"
          aria-label={busy ? `Exporting ${title}…` : `Export ${title}`}
        >
          {busy ? 'Exporting…' : 'Export ▾'}
        </summary>
        <div
          className="absolute right-0 z-10 mt-1 w-36 rounded border border-gray-200 bg-white py-1 shadow-lg dark:border-gray-700 dark:bg-gray-900"
          role="menu"
        >
          <button type="button" role="menuitem" className={item} onClick={() => image('png')}>
            PNG
          </button>
          <button type="button" role="menuitem" className={item} title={SVG_ITEM[svgKind].title} onClick={() => image('svg')}>
            {SVG_ITEM[svgKind].label}
          </button>
          {/* Built on click: the URL state is read from the address bar at that moment. */}
          <button
            type="button"
            role="menuitem"
            className={item}
            onClick={() => (closeToButton(), download('', exportUrl(panel, 'csv', params)))}
          >
            CSV
          </button>
          <button
            type="button"
            role="menuitem"
            className={item}
            onClick={() => (closeToButton(), download('', exportUrl(panel, 'json', params)))}
          >
            JSON
          </button>
        </div>
      </details>
      {error && (
        <p role="alert" className="absolute right-0 z-10 mt-1 w-64 rounded bg-red-50 px-2 py-1 text-xs text-red-800 shadow">
          Export failed: {error}
        </p>
      )}
    </div>
  );
}
