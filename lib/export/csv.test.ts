import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

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
});
