import type { ColumnInfo, GetQueryResultsOutput } from '@aws-sdk/client-athena';
import type { Cell, Row } from '../types';

/**
 * Athena returns every value as `VarCharValue` text, with the column's type in
 * `ResultSetMetadata.ColumnInfo`. These turn a result set into neutral rows.
 */
const INTEGER = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const FLOAT = new Set(['double', 'float', 'real', 'decimal']);

/** Athena's maximum page size for GetQueryResults. */
export const PAGE_SIZE = 1000;

/**
 * One value by its column type:
 * - integer and floating types → number (bigint past 2^53 loses precision, as
 *   DuckDB's `toCell` does: the dashboards count and chart, they never do
 *   exact arithmetic on ids);
 * - `NaN`/`Infinity` → null, which is what JSON would make of them anyway;
 * - boolean → boolean;
 * - everything else (varchar, char, json, date, timestamp [with time zone],
 *   arrays, maps, rows) → the text as given; the query layer normalises
 *   timestamps like `2023-07-10 11:57:50.000`;
 * - no VarCharValue → SQL NULL.
 * Types may carry parameters (`decimal(38,9)`, `varchar(10)`), ignored here.
 */
export function decodeCell(v: string | undefined, type: string | undefined): Cell {
  if (v === undefined) return null;
  const t = (type ?? 'varchar').toLowerCase().replace(/\(.*$/, '').trim();
  if (INTEGER.has(t) || FLOAT.has(t)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  if (t === 'boolean') return v === 'true';
  return v;
}

/**
 * Appends one page's rows. The first row of the first page of a SELECT is the
 * header (column names, not data), so it is skipped there only. Returns the
 * columns, which later pages may omit.
 */
export function appendPage(rows: Row[], page: GetQueryResultsOutput, columns: ColumnInfo[], first: boolean): ColumnInfo[] {
  const cols = page.ResultSet?.ResultSetMetadata?.ColumnInfo?.length ? page.ResultSet.ResultSetMetadata.ColumnInfo : columns;
  const data = page.ResultSet?.Rows ?? [];
  for (let r = first ? 1 : 0; r < data.length; r++) {
    const cells = data[r].Data ?? [];
    const row: Row = {};
    for (let i = 0; i < cols.length; i++) row[cols[i].Name ?? `_col${i}`] = decodeCell(cells[i]?.VarCharValue, cols[i].Type);
    rows.push(row);
  }
  return cols;
}
