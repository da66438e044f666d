import { describe, expect, it } from 'vitest';
import type { Row } from '../types';
import { appendPage, decodeCell } from './results';

describe('decodeCell', () => {
  it.each([
    ['tinyint', '127', 127],
    ['smallint', '-32768', -32768],
    ['integer', '0', 0],
    ['int', '7', 7],
    ['bigint', '9223372036854775807', 9223372036854775807],
    ['double', '-1.5E-7', -1.5e-7],
    ['double', 'NaN', null],
    ['double', 'Infinity', null],
    ['float', '3.25', 3.25],
    ['real', '1.0', 1],
    ['decimal', '123.450', 123.45],
    ['decimal(38,9)', '1.000000000', 1],
    ['DOUBLE', '2', 2],
    ['boolean', 'true', true],
    ['boolean', 'false', false],
    ['varchar', '', ''],
    ['varchar(10)', 'abc', 'abc'],
    ['char', 'x ', 'x '],
    ['json', '[1,2]', '[1,2]'],
    ['date', '2024-02-29', '2024-02-29'],
    ['timestamp', '2023-07-10 11:57:50.000', '2023-07-10 11:57:50.000'],
    ['timestamp(3) with time zone', '2023-07-10 11:57:50.000 UTC', '2023-07-10 11:57:50.000 UTC'],
    ['array', '[]', '[]'],
    ['map', '{}', '{}'],
    ['row', '{a=1}', '{a=1}'],
    [undefined, 'x', 'x'],
  ])('%s %j → %j', (type, v, out) => {
    expect(decodeCell(v, type)).toEqual(out);
  });

  it('gives null for a missing value, whatever the type', () => {
    for (const t of ['bigint', 'boolean', 'varchar', 'timestamp']) expect(decodeCell(undefined, t)).toBeNull();
  });
});

describe('appendPage', () => {
  const cols = [
    { Name: 'a', Type: 'integer' },
    { Name: 'b', Type: 'varchar' },
  ];
  const data = (...vals: (string | undefined)[][]) =>
    vals.map((r) => ({ Data: r.map((v) => (v === undefined ? {} : { VarCharValue: v })) }));

  it('skips the header on the first page only, and keeps columns for pages without metadata', () => {
    const rows: Row[] = [];
    const c1 = appendPage(rows, { ResultSet: { ResultSetMetadata: { ColumnInfo: cols }, Rows: data(['a', 'b'], ['1', 'x']) } }, [], true);
    appendPage(rows, { ResultSet: { Rows: data(['2', undefined], ['3']) } }, c1, false);
    expect(rows).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: null },
      { a: 3, b: null },
    ]);
  });

  it('handles an empty result set', () => {
    const rows: Row[] = [];
    appendPage(rows, { ResultSet: { ResultSetMetadata: { ColumnInfo: cols }, Rows: data(['a', 'b']) } }, [], true);
    appendPage(rows, {}, cols, true);
    expect(rows).toEqual([]);
  });
});
