import { isProvenanceLine } from './csv';
import { shownPart } from './image-footer';
import type { Provenance } from './provenance';

/** What a panel's SVG export is: vectors (a chart, the heatmap), or its HTML in a <foreignObject> (a table). */
export type SvgKind = 'vector' | 'html';

/** One file of the evidence pack, as manifest.json lists it. */
export interface ManifestEntry {
  path: string;
  sha256: string;
  bytes: number;
  panel: string;
  /** Whether the SVG is vectors or a table's HTML inside a <foreignObject>. */
  svgKind?: SvgKind;
  /** The view picked on screen (the heatmap's class), when the image shows part of the query's rows. */
  shownOnScreen?: string;
  provenance: Provenance;
}

const IMAGE = /\.(png|svg)$/;

/**
 * A pack file's provenance. An image's is titled as the image itself is (shownPart, the same
 * function the single PNG/SVG export uses), so manifest.json and the picture agree on what it
 * shows. The CSV and JSON hold every row the query returned (a class toggle filters on screen,
 * not in the query), so theirs keeps the query's title; every file of the panel still names the
 * view shown, so an auditor comparing image and data knows why their totals differ.
 */
export function packFileProvenance(
  path: string,
  queried: Provenance,
  shown: string | null,
): Pick<ManifestEntry, 'provenance' | 'shownOnScreen'> {
  return {
    ...(shown ? { shownOnScreen: shown } : {}),
    provenance: IMAGE.test(path) ? shownPart(queried, shown) : queried,
  };
}

/**
 * The CSV's own provenance: the pack fetches the JSON and the CSV in two requests, so the CSV's
 * `generatedAt` (and, on Athena, its queries' executions) are its own, read from its `#` lines;
 * the rest (range, filters, SQL, parameters) is the JSON's, which the same request state produced.
 */
export function csvOwnProvenance(queried: Provenance, csv: string): Provenance {
  const own = new Map<string, string>();
  for (const raw of csv.split('\r\n')) {
    if (!isProvenanceLine(raw)) break;
    const line = raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw;
    const m = /^# ([^:]+): (.*)$/.exec(line);
    if (m) own.set(m[1], m[2]);
  }
  return {
    ...queried,
    generatedAt: own.get('generatedAt') ?? queried.generatedAt,
    queries: queried.queries.map((q, i) => {
      const athena = own.get(`query ${i + 1} athena`);
      return athena ? { ...q, ...(JSON.parse(athena) as Pick<typeof q, 'queryExecutionId' | 'dataScannedBytes'>) } : q;
    }),
  };
}
