import { describe, expect, it } from 'vitest';
import { csvCell, isProvenanceLine, toCsv } from './csv';

describe('CSV export', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=cmd|"/c calc"!A1', `"'=cmd|""/c calc""!A1"`],
    ['+SUM(1+1)', "'+SUM(1+1)"],
    ['-2+3', "'-2+3"],
    ['@evil', "'@evil"],
    ['\tx', "'\tx"],
    ['\n=1+1', `"'\n=1+1"`],
    ['  =1+1', "'  =1+1"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ['\uFF20evil', "'\uFF20evil"],
    ['\u00A0=1+1', "'\u00A0=1+1"],
    ['\u3000\uFE661+1', "'\u3000\uFE661+1"],
    [' \t=1', "' \t=1"],
    ['a =b', 'a =b'],
    [null, ''],
  ] as const)('%j → %s', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('keeps numbers as numbers, even negative ones', () => {
    expect(csvCell(-3)).toBe('-3');
  });

  it('writes provenance as # lines, then the header and rows', () => {
    const text = toCsv(['a', 'b'], [{ a: 1, b: 'x' }], { title: 'T', sql: 'SELECT 1\nFROM t' });
    expect(text).toBe('# title: T\r\n# sql: SELECT 1 FROM t\r\na,b\r\n1,x\r\n');
  });

  it('keeps each provenance line one cell: a filter value cannot add a cell a spreadsheet runs as a formula', () => {
    const text = toCsv(['a'], [{ a: 1 }], { filters: { userAgent: 'a,=1+1,b' }, title: 'x,=HYPERLINK("http://evil.example";"click"),y' });
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines.slice(0, 2).every(isProvenanceLine)).toBe(true);
    expect(isProvenanceLine(lines[2])).toBe(false);
    // Read as CSV (RFC 4180: a quoted field's commas are the field's), every provenance line is one field.
    for (const line of lines.slice(0, 2)) {
      expect(line).toMatch(/^"#.*"$/);
      expect(line.slice(1, -1).replace(/""/g, '')).not.toContain('"');
    }
    expect(lines[0]).toBe('"# filters: {""userAgent"":""a,=1+1,b""}"');
  });
});
