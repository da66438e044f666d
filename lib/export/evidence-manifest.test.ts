import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';
import { csvOwnProvenance, packFileProvenance } from './evidence-manifest';
import { provenance, provenanceLines } from './provenance';

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

describe('csvOwnProvenance', () => {
  it("gives the CSV entry the CSV's own generatedAt and Athena executions, the rest from the JSON's", () => {
    // The CSV of a second request, a few milliseconds later, on Athena: another execution.
    const later = provenance({
      title: meta.title,
      from: new Date(meta.range.from),
      to: new Date(meta.range.to),
      filters: { principal: 'x,=1+1' },
      queries: [
        {
          name: 'failures_by_hour',
          sql: 'SELECT 1',
          args: [],
          rows: 3,
          stats: { engine: 'athena', elapsedMs: 1, queryExecutionId: 'q-csv', dataScannedBytes: 42 },
        },
      ],
      now: new Date('2024-03-08T12:00:00.007Z'),
    });
    const csv = toCsv(['a'], [{ a: 1 }], provenanceLines(later));
    const own = csvOwnProvenance(meta, csv);
    expect(own.generatedAt).toBe('2024-03-08T12:00:00.007Z');
    expect(own.queries[0]).toMatchObject({ name: 'failures_by_hour', queryExecutionId: 'q-csv', dataScannedBytes: 42 });
    expect({ ...own, generatedAt: meta.generatedAt, queries: meta.queries }).toEqual(meta);
  });
});
