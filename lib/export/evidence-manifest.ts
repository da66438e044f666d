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
