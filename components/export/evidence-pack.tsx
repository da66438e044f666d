'use client';

import { exportFileName } from '@/lib/export/file-name';
import { strToU8, zip, type Zippable } from 'fflate';
import { useState } from 'react';
import { csvOwnProvenance, packFileProvenance, type ManifestEntry } from '@/lib/export/evidence-manifest';
import { capture, dataUrlBytes, download, exportUrl, shownOf, type ExportMeta } from './capture';

async function sha256(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The server's message for a failed export (its JSON `error`), not the raw body. */
async function failure(panel: string, res: Response): Promise<Error> {
  const text = await res.text();
  let message = text.slice(0, 300);
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') message = body.error;
  } catch {
    // Not JSON (a proxy's page): its first characters say enough.
  }
  return new Error(`${panel}: HTTP ${res.status}, ${message}`);
}

/** One panel's files (JSON, CSV, PNG, SVG) and their manifest entries; throws when any of them cannot be made. */
async function packPanel(s: HTMLElement, panel: string, base: string, params: Record<string, string>) {
  const [json, csv] = await Promise.all(
    (['json', 'csv'] as const).map(async (f) => {
      const res = await fetch(exportUrl(panel, f, params));
      if (!res.ok) throw await failure(panel, res);
      return new Uint8Array(await res.arrayBuffer());
    }),
  );
  const meta = (JSON.parse(new TextDecoder().decode(json)) as { meta: ExportMeta }).meta;
  const img = await capture(s, meta);
  // Read as the image was drawn: its class (the heatmap's toggles) is named in each file's entry.
  const shown = shownOf(s);
  const out: [string, Uint8Array][] = [
    [`${base}.json`, json],
    [`${base}.csv`, csv],
    [`${base}.png`, dataUrlBytes(img.png!)],
    [`${base}.svg`, dataUrlBytes(img.svg!)],
  ];
  const files: Zippable = {};
  const entries: ManifestEntry[] = [];
  for (const [path, bytes] of out) {
    // PNGs are compressed already: stored as they are (deflating them again took most of the zipping).
    files[path] = path.endsWith('.png') ? [bytes, { level: 0 }] : bytes;
    // svgKind: whether the SVG is vectors or a table's HTML inside a <foreignObject>.
    const kind = path.endsWith('.svg') ? { svgKind: img.svgKind } : {};
    entries.push({
      path,
      sha256: await sha256(bytes),
      bytes: bytes.length,
      panel,
      ...kind,
      ...packFileProvenance(path, path.endsWith('.csv') ? csvOwnProvenance(meta, new TextDecoder().decode(csv)) : meta, shown),
    });
  }
  return { files, entries };
}

/**
 * One ZIP for the current view: every panel as PNG and SVG (with short provenance
 * footers) and its data as CSV and JSON, plus manifest.json listing each file's
 * full provenance (each query's SQL included) and SHA-256, so an auditor can re-run
 * the queries and compare. A panel that cannot be exported (a query failed, an
 * Athena throttle) is left out and named in the manifest's `missing` and in the
 * status line: one failure does not cost the auditor the other panels, and the pack
 * never passes for complete.
 */
export function EvidencePackButton() {
  const [state, setState] = useState<string | null>(null);
  const [building, setBuilding] = useState(false);
  const build = async () => {
    // One pack at a time: a second click while it builds would start a second, slower one.
    if (building) return;
    setBuilding(true);
    try {
      const sections = [...document.querySelectorAll<HTMLElement>('section[data-export-panel]')];
      if (!sections.length) throw new Error('this page has no exportable panels');
      const files: Zippable = {};
      const manifest: ManifestEntry[] = [];
      const missing: { panel: string; error: string }[] = [];
      for (const [i, s] of sections.entries()) {
        const panel = s.dataset.exportPanel!;
        setState(`Panel ${i + 1} of ${sections.length}: ${panel}…`);
        const params = s.dataset.exportParams ? (JSON.parse(s.dataset.exportParams) as Record<string, string>) : {};
        try {
          const packed = await packPanel(s, panel, `${String(i + 1).padStart(2, '0')}-${panel}/${panel}`, params);
          Object.assign(files, packed.files);
          manifest.push(...packed.entries);
        } catch (e) {
          // Fetching, parsing or drawing it failed: the panel is missing, the others still go in.
          const message = e instanceof Error ? e.message : String(e);
          missing.push({ panel, error: message.startsWith(`${panel}: `) ? message : `${panel}: ${message}` });
        }
      }
      if (!manifest.length) throw new Error(missing.map((m) => m.error).join('; '));
      const generatedAt = new Date().toISOString();
      files['manifest.json'] = strToU8(
        JSON.stringify({ generatedAt, page: window.location.href, complete: !missing.length, missing, files: manifest }, null, 2),
      );
      setState('Compressing…');
      // fflate's async zip deflates in workers: the page stays responsive while it runs.
      const packed = await new Promise<Uint8Array>((ok, fail) => zip(files, { level: 6 }, (err, data) => (err ? fail(err) : ok(data))));
      const url = URL.createObjectURL(new Blob([packed as BlobPart], { type: 'application/zip' }));
      // Named for the page's key or principal, read from its address (/keys/<key>, /principals/<principal>).
      const [, kind, subject] = /^\/(keys|principals)\/([^/]+)/.exec(window.location.pathname) ?? [];
      const of = subject ? { [kind === 'keys' ? 'key' : 'principal']: decodeURIComponent(subject) } : {};
      download(exportFileName('evidence', generatedAt, 'zip', of), url);
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState(
        missing.length
          ? `Evidence pack downloaded without ${missing.length} of ${sections.length} panels (listed in its manifest.json as missing): ${missing.map((m) => m.error).join('; ')}`
          : null,
      );
    } catch (e) {
      setState(`Evidence pack failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBuilding(false);
    }
  };
  return (
    <span className="inline-flex items-center gap-2" data-export-menu="">
      <button
        type="button"
        onClick={build}
        disabled={building}
        aria-busy={building}
        className="rounded px-2.5 py-1 text-sm ring-1 ring-gray-300 hover:bg-gray-50 disabled:cursor-wait disabled:opacity-60 dark:ring-gray-700 dark:hover:bg-gray-800"
      >
        {building ? 'Building evidence pack…' : 'Evidence pack (ZIP)'}
      </button>
      {state && (
        <span role="status" className="text-xs text-gray-600 dark:text-gray-300">
          {state}
        </span>
      )}
    </span>
  );
}
