import type { Provenance } from './provenance';

/**
 * The provenance footer of an exported image (PNG or SVG). It stays short: an image is read by
 * people, and printing every query's SQL made the footer longer than the chart. Each query is
 * named, with its parameter values and a short SHA-256 of its SQL; the full text (and the full
 * hash) is in the JSON and CSV exports and in the evidence pack, which the footer points to.
 * Pure and DOM-free: the browser draws these lines as text (never markup).
 */

/** Hex digits of the SQL's SHA-256 shown in an image: enough to tell queries apart and match one. */
export const SHORT_HASH_HEX = 12;

export const FULL_SQL_WHERE =
  'Full SQL and its full SHA-256: meta.queries[] of this panel\'s JSON export, the "# query N sql" lines of its CSV, and the evidence pack\'s manifest.json.';

/**
 * The provenance of an image whose panel shows only part of what its query returned: the
 * heatmap's class toggles (AccessDenied, Key state, Integrity) filter on the screen, not in the
 * query, so the CSV and JSON hold every class while the image holds one. Its title says which, or
 * an image of 18 integrity failures would read "Failed calls by weekday and hour" with no filter.
 */
export function shownPart(p: Provenance, shown: string | null): Provenance {
  return shown ? { ...p, title: `${p.title} · only ${shown}` } : p;
}

export function imageFooterLines(p: Provenance): string[] {
  const filters = Object.entries(p.filters)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return [
    `${p.title} · ${p.range.from} → ${p.range.to} (UTC)`,
    `Filters: ${filters || 'none'} · data source: ${p.engine}`,
    ...p.queries.map(
      (q) =>
        `Query ${q.name} · SQL sha256 ${q.sqlSha256.slice(0, SHORT_HASH_HEX)} · parameters: ${JSON.stringify(q.parameters)}` +
        (q.queryExecutionId ? ` · Athena ${q.queryExecutionId}, ${q.dataScannedBytes ?? 0} bytes scanned` : ''),
    ),
    FULL_SQL_WHERE,
    `Exported ${p.generatedAt} by KeyTrail ${p.keytrailVersion}`,
  ];
}

/**
 * A line cut into pieces of at most `max` characters, for SVG text (which does not wrap). It
 * breaks after a space, comma or slash where it can (an ARN breaks at its slashes), and mid-word
 * only when a piece has none; continuation pieces are indented by two spaces.
 */
export function wrapLine(line: string, max: number): string[] {
  const width = Math.max(8, Math.floor(max));
  const out: string[] = [];
  let rest = line;
  let indent = '';
  while (indent.length + rest.length > width) {
    const room = width - indent.length;
    const window = rest.slice(0, room + 1);
    // The last break point that leaves something on this piece.
    let cut = -1;
    for (let i = window.length - 1; i > 0; i--)
      if (/[\s,/]/.test(window[i - 1]) && i <= room) {
        cut = i;
        break;
      }
    if (cut <= 0) cut = room;
    out.push(indent + rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
    indent = '  ';
  }
  if (rest || !out.length) out.push(indent + rest);
  return out;
}
