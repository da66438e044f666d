import { describe, expect, it } from 'vitest';
import { packFileProvenance } from './evidence-manifest';
import { provenance } from './provenance';

const meta = provenance({
  title: 'Failed calls by weekday and hour (UTC)',
  from: new Date('2024-03-01T00:00:00Z'),
  to: new Date('2024-03-08T00:00:00Z'),
  filters: {},
  queries: [{ name: 'failures_by_hour', sql: 'SELECT 1', args: [], rows: 3, stats: { engine: 'duckdb', elapsedMs: 1 } }],
  now: new Date('2024-03-08T12:00:00Z'),
});
const INTEGRITY = 'Integrity: ciphertext, signature or MAC rejected';

describe('packFileProvenance', () => {
  it("titles the pack's PNG and SVG as the single image export does when one class is shown", () => {
    for (const path of ['02-failures-by-hour/failures-by-hour.png', '02-failures-by-hour/failures-by-hour.svg']) {
      const { provenance: p, shownOnScreen } = packFileProvenance(path, meta, INTEGRITY);
      expect(p.title).toBe(`Failed calls by weekday and hour (UTC) · only ${INTEGRITY}`);
      expect(shownOnScreen).toBe(INTEGRITY);
      // Only the title changes: the queries are the ones that ran.
      expect(p.queries).toEqual(meta.queries);
    }
  });

  it('keeps the query title on the CSV and JSON, which hold every class, and names the view shown', () => {
    for (const path of ['x/failures-by-hour.csv', 'x/failures-by-hour.json']) {
      const out = packFileProvenance(path, meta, INTEGRITY);
      expect(out.provenance.title).toBe('Failed calls by weekday and hour (UTC)');
      expect(out.shownOnScreen).toBe(INTEGRITY);
    }
  });

  it('changes nothing when the whole query is shown', () => {
    expect(packFileProvenance('x/a.png', meta, null)).toEqual({ provenance: meta });
  });
});
