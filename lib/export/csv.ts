/**
 * CSV for auditors: RFC 4180 quoting, and spreadsheet formula injection
 * neutralised — a cell that a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab, carriage return or line feed, OWASP's list; also after
 * any spaces, which some spreadsheets skip, and in their full-width and small
 * forms, which East Asian input methods type and some spreadsheets read as the same) gets a
 * leading apostrophe. Event fields are written by callers, so this is not hypothetical.
 */
export type CsvValue = string | number | boolean | null | undefined;

// \s: every Unicode space (no-break, ideographic…); the signs also in their full-width and small forms.
const FORMULA = /^(?:[\t\r\n]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66])/;

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: CsvValue[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}

/**
 * `# key: value` lines that carry provenance at the top of a CSV file, each one cell: a value with a
 * comma or a quote (a filter typed into a link, a user agent the caller wrote) is quoted, so no part
 * of it becomes a cell of its own that a spreadsheet would run as a formula (`a,=HYPERLINK(…)`).
 * Such a line starts with `"#`: isProvenanceLine tells both kinds from the table.
 */
export function csvComments(meta: Record<string, unknown>): string {
  return Object.entries(meta)
    .map(([k, v]) => csvLine([`# ${k}: ${(typeof v === 'string' ? v : JSON.stringify(v)).replace(/[\r\n]+/g, ' ')}`]))
    .join('');
}

/** Whether a line of a KeyTrail CSV is one of its provenance lines (`# …`, or `"# …"` when quoted). */
export const isProvenanceLine = (line: string): boolean => line.startsWith('#') || line.startsWith('"#');

export function toCsv(columns: string[], rows: Record<string, CsvValue>[], meta?: Record<string, unknown>): string {
  return (meta ? csvComments(meta) : '') + csvLine(columns) + rows.map((r) => csvLine(columns.map((c) => r[c]))).join('');
}
