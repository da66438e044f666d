import { describe, expect, it } from 'vitest';
import { imageFooterLines, SHORT_HASH_HEX, wrapLine } from './image-footer';
import { provenance, provenanceLines } from './provenance';

// A long SQL text, as a real query's is: the footer must not print it.
const SQL = `SELECT 1\n${'-- padding line that makes the text long\n'.repeat(60)}`;
const meta = provenance({
  title: 'Usage by operation of alias/app-data',
  from: new Date('2024-03-01T00:00:00Z'),
  to: new Date('2024-03-08T00:00:00Z'),
  filters: { key: 'alias/app-data' },
  queries: [
    {
      name: 'usage_timeline',
      sql: 'SELECT 1',
      args: ['day', '2024-03-01T00:00:00.000Z', null],
      rows: 7,
      stats: { engine: 'duckdb', elapsedMs: 3 },
    },
    {
      name: 'resolve_key',
      sql: SQL,
      args: ['alias/app-data'],
      rows: 1,
      stats: { engine: 'athena', elapsedMs: 9, queryExecutionId: 'qe-1', dataScannedBytes: 2048 },
    },
  ],
  now: new Date('2024-03-08T12:00:00Z'),
});

describe('provenance', () => {
  it("carries each SQL text's SHA-256, in the JSON meta and the CSV lines", () => {
    // `printf 'SELECT 1' | sha256sum`
    expect(meta.queries[0].sqlSha256).toBe('e004ebd5b5532a4b85984a62f8ad48a81aa3460c1ca07701f386135d72cdecf5');
    expect(meta.queries[1].sqlSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.queries[1].sqlSha256).not.toBe(meta.queries[0].sqlSha256);
    expect(provenanceLines(meta)['query 1 sql sha256']).toBe('e004ebd5b5532a4b85984a62f8ad48a81aa3460c1ca07701f386135d72cdecf5');
  });
});

describe('imageFooterLines', () => {
  const lines = imageFooterLines(meta);
  const text = lines.join('\n');

  it('names each query with its parameters and a 12-hex hash of its SQL, never the SQL itself', () => {
    expect(SHORT_HASH_HEX).toBe(12);
    expect(lines).toContain('Query usage_timeline · SQL sha256 e004ebd5b553 · parameters: ["day","2024-03-01T00:00:00.000Z",null]');
    expect(text).toContain(`Query resolve_key · SQL sha256 ${meta.queries[1].sqlSha256.slice(0, 12)} · parameters: ["alias/app-data"]`);
    expect(text).toContain('Athena qe-1, 2048 bytes scanned');
    expect(text).not.toContain('SELECT');
    expect(text).not.toContain('padding line');
    expect(text.length).toBeLessThan(1000);
  });

  it('gives the title, range, filters, data source, export time and where the full SQL is', () => {
    expect(lines[0]).toBe('Usage by operation of alias/app-data · 2024-03-01T00:00:00.000Z → 2024-03-08T00:00:00.000Z (UTC)');
    expect(lines[1]).toBe('Filters: key=alias/app-data · data source: duckdb');
    expect(text).toMatch(/Full SQL .*JSON export.*CSV.*evidence pack/);
    expect(lines.at(-1)).toBe(`Exported 2024-03-08T12:00:00.000Z by KeyTrail ${meta.keytrailVersion}`);
  });

  it('says "none" when there are no filters', () => {
    expect(imageFooterLines({ ...meta, filters: {} })[1]).toBe('Filters: none · data source: duckdb');
  });
});

describe('wrapLine', () => {
  it('leaves a short line alone', () => {
    expect(wrapLine('short', 40)).toEqual(['short']);
    expect(wrapLine('', 40)).toEqual(['']);
  });

  it('breaks after spaces, commas and slashes, indenting what follows', () => {
    expect(wrapLine('aaaa bbbb cccc dddd', 10)).toEqual(['aaaa bbbb', '  cccc', '  dddd']);
    expect(wrapLine('arn:aws:kms:eu-west-1:111:key/abcdef-0123', 32)).toEqual(['arn:aws:kms:eu-west-1:111:key/', '  abcdef-0123']);
    expect(wrapLine('["a","b","c"]', 8)).toEqual(['["a",', '  "b",', '  "c"]']);
  });

  it('cuts a word with no break in it, and every piece fits', () => {
    const pieces = wrapLine('x'.repeat(25), 10);
    expect(pieces).toEqual(['x'.repeat(10), `  ${'x'.repeat(8)}`, `  ${'x'.repeat(7)}`]);
    expect(pieces.join('').replace(/ /g, '')).toBe('x'.repeat(25));
  });
});
